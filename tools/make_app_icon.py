"""Draw PartnerDesk's program icon: "PD" on a rounded square in the colour of SDG 17
(Partnerships for the Goals, #19486A), set in the bundled Noto Sans Bold.

    python tools/make_app_icon.py

Writes ``resources/icons/partnerdesk.ico`` (16-256 px, used by the Windows build for
partnerdesk.exe, the start-menu entry and .pdtravel files) and ``partnerdesk.png``
(256 px, for the window). Needs Pillow (installed with ReportLab).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "NotoSans-Bold.ttf"
SDG17_BLUE = (0x19, 0x48, 0x6A, 255)
SIZE = 1024  # drawn large, scaled down for each icon size


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = SIZE // 16
    pen.rounded_rectangle((margin, margin, SIZE - margin, SIZE - margin), radius=SIZE // 6, fill=SDG17_BLUE)
    font = ImageFont.truetype(str(FONT), size=int(SIZE * 0.5))
    pen.text((SIZE / 2, SIZE / 2), "PD", font=font, fill="white", anchor="mm")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "partnerdesk.png", optimize=True)
    image.save(OUT / "partnerdesk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'partnerdesk.ico'} and {OUT / 'partnerdesk.png'}")


if __name__ == "__main__":
    main()
