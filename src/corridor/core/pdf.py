"""Fonts every generated PDF uses (contracts, certificates): bundled, so PDFs look the same on
any machine and never reach for a system or network font. DejaVu Sans covers Cyrillic with the
Tajik, Kyrgyz and Uzbek letters; its licence is in fonts/LICENSE-DejaVu.txt."""

from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
