"""A chart of a panel: a line per county across years, or bars per county for a single year.

Drawn with matplotlib. An SVG keeps its text as text (``svg.fonttype: none``), so the Chinese
names render in any browser, offline, with the viewer's fonts; an HTML file holds that SVG. A PNG
is drawn with a font that has Chinese characters, found on this machine; with none, the PNG is
refused in one line that says which package to install.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from extractor.errors import ZhibiaoError

# Families with Chinese characters, the most common first (Debian: fonts-noto-cjk, fonts-wqy-*).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "Droid Sans Fallback", "AR PL UMing CN", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC")


def cjk_font() -> str | None:
    """The first family of ``CJK_FAMILIES`` installed here, or None."""
    from matplotlib import font_manager

    def found():
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((f for f in CJK_FAMILIES if f in installed), None)

    if found() is None:  # installed after matplotlib cached its font list: look at the files
        for path in font_manager.findSystemFonts():
            if any(k in path for k in ("CJK", "wqy", "WenQuanYi", "DroidSansFallback", "SourceHan", "uming")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
    return found()


def _label(indicator_id: str) -> str:
    from extractor.indicators import canonical

    return next((i.name for i in canonical() if i.id == indicator_id), indicator_id)


def _display_unit(unit: str, largest: float) -> tuple[str, float]:
    """A unit people read on an axis: 亿元 for values in the hundreds of millions of 元, 万 for tens
    of thousands.

    >>> _display_unit("元", 3.7e11), _display_unit("亩", 160700), _display_unit("%", 8.1)
    (('亿元', 100000000.0), ('万亩', 10000.0), ('%', 1.0))
    """
    if unit in ("%", "‰") or largest < 1e4:
        return unit, 1.0
    return ("亿" + unit, 1e8) if largest >= 1e8 else ("万" + unit, 1e4)


def plot_panel(df, path: str | Path) -> Path:
    """Draw the long-form panel ``df`` (from ``corpus.panel.panel``) into ``path`` (.svg, .png or
    .html): one chart per indicator, a line per county across years, or bars for one year."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".svg", ".png", ".html"):
        raise ZhibiaoError(f"--plot {path}: the file must end in .svg, .png or .html")
    if not len(df):
        raise ZhibiaoError("--plot: the panel is empty (no values for these filters): nothing to draw")
    font = cjk_font()
    if kind == ".png" and font is None:
        raise ZhibiaoError("--plot: a PNG needs a font with Chinese characters and none is installed "
                           "(Debian/Ubuntu: apt install fonts-noto-cjk); or write .svg or .html, which keep the text")
    import logging
    import warnings

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # no lookup noise on stderr
    warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
    # An SVG keeps the names as text: a browser draws them with its own fonts whatever was found here.
    style = {"svg.fonttype": "none", "font.family": [font] if font else ["sans-serif"], "axes.unicode_minus": False}
    indicators = list(dict.fromkeys(df["indicator_id"]))
    with plt.rc_context(style):
        fig, axes = plt.subplots(len(indicators), 1, figsize=(9, 4.5 * len(indicators)), squeeze=False)
        for ax, ind in zip(axes[:, 0], indicators):
            part = df[df["indicator_id"] == ind]
            if part["county"].notna().any():
                part = part[part["county"].notna()]  # a city's own row would flatten its counties' lines
            unit, scale = _display_unit(part["unit"].iloc[0], float(part["value"].max()))
            part = part.assign(value=part["value"].astype(float) / scale)
            names = part["county"].fillna(part["city"]).fillna(part["county_code"])
            years = sorted(set(int(y) for y in part["year"]))
            if names.nunique() > 10:
                ax.set_prop_cycle(color=plt.cm.tab20.colors)  # no colour twice for up to 20 counties
            if len(years) > 1:
                for name in dict.fromkeys(names):
                    rows = part[names == name].sort_values("year")
                    ax.plot(rows["year"].astype(int), rows["value"].astype(float), marker="o", label=name)
                ax.set_xlabel("年份")
                ax.set_xticks(years)
                ax.legend(fontsize=8, ncol=2 if names.nunique() > 8 else 1)
            else:
                ax.bar(list(names), part["value"].astype(float))
                ax.set_xlabel(f"{years[0]}年")
                ax.tick_params(axis="x", labelrotation=45)
            ax.set_title(f"{_label(ind)}（{unit}）")
            ax.set_ylabel(unit)
            ax.grid(alpha=0.3)
        fig.tight_layout()
        if kind == ".html":
            import io

            buf = io.StringIO()
            fig.savefig(buf, format="svg")
            title = "、".join(_label(i) for i in indicators)
            path.write_text(f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{escape(title)}"
                            f"</title></head><body>{buf.getvalue()}</body></html>\n", encoding="utf-8")
        else:
            fig.savefig(path, format=kind[1:], dpi=150 if kind == ".png" else None)
        plt.close(fig)
    return path
