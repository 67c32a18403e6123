"""Test pictures, made on the spot with libvips and exiftool (Debian's libvips-tools and
libimage-exiftool-perl), plus hand-made hostile files."""
import os
import struct
import subprocess
import tempfile
import zlib


def _vips_file(suffix, width=64, height=48):
    path = tempfile.mktemp(suffix=suffix)
    subprocess.run(["vips", "gaussnoise", path, str(width), str(height)], check=True, capture_output=True)
    return path


def jpeg_with_gps():
    path = _vips_file(".jpg")
    subprocess.run(["exiftool", "-overwrite_original", "-GPSLatitude=48.8584", "-GPSLatitudeRef=N",
                    "-GPSLongitude=2.2945", "-GPSLongitudeRef=E", "-Comment=secret comment", path],
                   check=True, capture_output=True)
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    return data


def png():
    path = _vips_file(".png", 80, 80)
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    return data


def exif_tags(data):
    """What exiftool sees in some bytes."""
    with tempfile.NamedTemporaryFile(suffix=".img") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["exiftool", "-s", "-a", f.name], capture_output=True, text=True).stdout


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def huge_png(width=30000, height=30000):
    """A valid PNG header announcing width x height pixels, with only a little data behind it:
    what a decompression bomb looks like before anyone decodes it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" + b"\x00" * width)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def html_with_image_header():
    return b"GIF89a<html><body><script>alert(document.cookie)</script></body></html>"


def multipart(fields, files):
    """(content type, body) for a multipart/form-data request."""
    boundary = "----matriculaTestBoundary7MA4YWxkTrZu0gW"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()
