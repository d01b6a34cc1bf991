#!/usr/bin/env python3
"""Captures the real factline TUI from a terminal and renders it to assets/screenshot.png.

The program runs in a tmux session of the given size; keys are sent as a user would type them;
`tmux capture-pane -e` gives the screen with its SGR colours, which this script draws cell by
cell with a monospace font. Needs tmux, Pillow and wcwidth (pip install pillow wcwidth).

    cargo build --release
    python3 assets/screenshot.py [--bin target/release/factline] [--size 140x40] [--out assets/screenshot.png]
"""

import argparse
import os
import re
import subprocess
import time

from PIL import Image, ImageDraw, ImageFont
from wcwidth import wcswidth

# A dark palette for the 16 ANSI colours (close to xterm's defaults, a little softer).
PALETTE16 = [
    (0x1d, 0x1f, 0x21), (0xcc, 0x44, 0x44), (0x5f, 0xb3, 0x5f), (0xd7, 0xaf, 0x5f),
    (0x5f, 0x87, 0xd7), (0xaf, 0x5f, 0xaf), (0x5f, 0xaf, 0xaf), (0xc5, 0xc8, 0xc6),
    (0x6c, 0x70, 0x78), (0xff, 0x6b, 0x6b), (0x8f, 0xd7, 0x8f), (0xff, 0xd7, 0x87),
    (0x87, 0xaf, 0xff), (0xd7, 0x87, 0xd7), (0x87, 0xd7, 0xd7), (0xff, 0xff, 0xff),
]
DEFAULT_FG = (0xd0, 0xd0, 0xd0)
DEFAULT_BG = (0x16, 0x18, 0x1c)
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto"]


def colour256(n):
    if n < 16:
        return PALETTE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def find_font(names):
    for directory in FONT_DIRS:
        for name in names:
            path = os.path.join(directory, name)
            if os.path.exists(path):
                return path
    return None


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.dim = self.underline = self.reverse = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = PALETTE16[c - 30]
            elif 90 <= c <= 97:
                self.fg = PALETTE16[c - 90 + 8]
            elif c == 39:
                self.fg = None
            elif 40 <= c <= 47:
                self.bg = PALETTE16[c - 40]
            elif 100 <= c <= 107:
                self.bg = PALETTE16[c - 100 + 8]
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    value = colour256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    value = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    value = None
                if c == 38:
                    self.fg = value
                else:
                    self.bg = value
            i += 1

    def colours(self):
        fg = self.fg or DEFAULT_FG
        bg = self.bg or DEFAULT_BG
        if self.reverse:
            fg, bg = bg, fg
        if self.dim:
            fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
        return fg, bg


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def parse(ansi):
    """Rows of (text, fg, bg, bold, underline) cells."""
    rows = []
    style = Style()
    for line in ansi.split("\n"):
        cells = []
        pos = 0
        for match in SGR.finditer(line):
            for ch in split_graphemes(line[pos:match.start()]):
                cells.append((ch, *style.colours(), style.bold, style.underline))
            style.apply(match.group(1))
            pos = match.end()
        for ch in split_graphemes(line[pos:]):
            cells.append((ch, *style.colours(), style.bold, style.underline))
        rows.append(cells)
    return rows


def split_graphemes(text):
    """Joins combining marks, variation selectors and ZWJ sequences onto their base."""
    out = []
    for ch in text:
        if out and (wcswidth(ch) == 0 or ch in "\u200d\ufe0f\u20e3" or (out[-1].endswith("\u200d"))):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def render(rows, width, height, out):
    regular = ImageFont.truetype(find_font(["DejaVuSansMono.ttf"]), 15)
    bold = ImageFont.truetype(find_font(["DejaVuSansMono-Bold.ttf", "DejaVuSansMono.ttf"]), 15)
    wide_path = find_font(["NotoSansCJK-Regular.ttc", "NotoSansMonoCJKsc-Regular.otf"])
    wide = ImageFont.truetype(wide_path, 15) if wide_path else regular
    cell_w = round(regular.getlength("M"))
    ascent, descent = regular.getmetrics()
    cell_h = ascent + descent + 3
    pad = 12
    image = Image.new("RGB", (width * cell_w + 2 * pad, height * cell_h + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for y, cells in enumerate(rows[:height]):
        x = 0
        for text, fg, bg, is_bold, underline in cells:
            w = max(wcswidth(text), 1) if wcswidth(text) >= 0 else 1
            if x >= width:
                break
            left, top = pad + x * cell_w, pad + y * cell_h
            draw.rectangle([left, top, left + w * cell_w - 1, top + cell_h - 1], fill=bg)
            font = wide if w == 2 and wide_path else (bold if is_bold else regular)
            if text.strip():
                draw.text((left, top + 1), text, font=font, fill=fg)
            if underline:
                draw.line([left, top + cell_h - 2, left + w * cell_w - 1, top + cell_h - 2], fill=fg)
            x += w
        # The rest of the row keeps the background of the last style, as a terminal does.
    image.save(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/factline")
    parser.add_argument("--size", default="140x40")
    parser.add_argument("--out", default="assets/screenshot.png")
    parser.add_argument("--keys", default="/abdol,Enter,Escape,j,j,j", help="comma-separated tmux keys")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    session = "factline-screenshot"
    subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    env = dict(os.environ, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), args.bin],
                   check=True, env=env)
    try:
        time.sleep(1.0)
        for key in args.keys.split(","):
            if key.startswith("/") and len(key) > 1:
                subprocess.run(["tmux", "send-keys", "-t", session, "/"], check=True)
                time.sleep(0.2)
                subprocess.run(["tmux", "send-keys", "-t", session, "-l", key[1:]], check=True)
            else:
                subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
            time.sleep(0.3)
        ansi = subprocess.run(["tmux", "capture-pane", "-e", "-p", "-t", session], check=True,
                              capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    render(parse(ansi), width, height, args.out)
    print(f"wrote {args.out} ({width}x{height} cells)")


if __name__ == "__main__":
    main()
