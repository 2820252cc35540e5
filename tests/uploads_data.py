"""Files for the upload tests, made here byte by byte: good ones and hostile ones."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from tests.factories import jpeg_bytes

# Hà Nội, as a camera writes it: degrees, minutes, seconds.
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (105.0, 51.0, 12.0),
}
ROTATE_90_CW = 6  # EXIF Orientation: the camera was turned a quarter clockwise


def upload(name: str, content: bytes, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def image_bytes(fmt="JPEG", size=(64, 48), color="red", **save) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def camera_jpeg(*, size=(80, 40), orientation=None, gps=True) -> bytes:
    """A JPEG as a phone writes it: EXIF with GPS, orientation, maker notes."""
    image = Image.new("RGB", size, "white")
    # Left half red, right half blue: the turn shows where red ends up.
    image.paste((200, 0, 0), (0, 0, size[0] // 2, size[1]))
    image.paste((0, 0, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Điện thoại"
    exif[ExifTags.Base.Model] = "Máy ảnh của cán bộ"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a bomb's shape)."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    # IHDR starts at byte 8: length (4), type (4), width (4), height (4)...
    data[16:24] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12:29]))
    data[29:33] = struct.pack(">I", crc)
    return bytes(data)


def zip_bytes(files: dict[str, bytes], *, first_stored: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            archive.writestr(
                first_stored, files.pop(first_stored), compress_type=zipfile.ZIP_STORED
            )
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TEXT = "Biên bản phiên họp tháng 01/2021\n".encode()

CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/content-types"></Types>'
)


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, "PDF")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": b"<Relationships/>",
            "xl/workbook.xml": b"<workbook/>",
        }
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            "META-INF/manifest.xml": b"<manifest:manifest/>",
        },
        first_stored="mimetype",
    )


def ole2_bytes(stream: str) -> bytes:
    """The start of a Word 97-2003 or Excel file: OLE2 header, a stream name."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + stream.encode("utf-16-le") + bytes(512)


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + bytes(120) + b"This program cannot be run"


def jpeg_then(trailer: bytes) -> bytes:
    return jpeg_bytes() + trailer
