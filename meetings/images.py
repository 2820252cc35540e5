"""Uploads judged by their bytes: photos, documents, and photo renditions.

Nothing here touches storage or the database: meetings.uploads stores what
these functions accept. Every refusal is a ValidationError with a Vietnamese
message naming the file, for a form or a bulk upload to show as it is.
"""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from imagekit import ImageSpec
from imagekit.processors import ResizeToFit
from imagekit.utils import process_image
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from meetings.vietnamese import file_size_vi


@dataclasses.dataclass(frozen=True)
class FileType:
    """A kind of file the site accepts: its stored extension and content type."""

    extension: str
    content_type: str
    label: str


IMAGE_TYPES = {
    "JPEG": FileType("jpg", "image/jpeg", "JPEG"),
    "PNG": FileType("png", "image/png", "PNG"),
    "WEBP": FileType("webp", "image/webp", "WebP"),
}

DOCUMENT_TYPES = {
    "pdf": FileType("pdf", "application/pdf", "PDF"),
    "docx": FileType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
    "xlsx": FileType(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "XLSX",
    ),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", "ODT"),
    "doc": FileType("doc", "application/msword", "DOC"),
    "xls": FileType("xls", "application/vnd.ms-excel", "XLS"),
}

CONTENT_TYPES = {
    t.extension: t.content_type
    for t in (*IMAGE_TYPES.values(), *DOCUMENT_TYPES.values())
}

# Re-encoding the original: near-lossless, so the stored file can be printed.
ORIGINAL_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 90, "method": 4},
}

# Markup a browser would run if the file were ever served or sniffed as HTML,
# or an SVG. Seven bytes or more: a real photo matches by chance about once in
# 2**56 positions.
_MARKUP = re.compile(
    rb"<(?:script|html|svg|!doctype|iframe|object|embed|body|\?php)\b|javascript:",
    re.IGNORECASE,
)
# Other files hidden in a photo (a ZIP is found by its central directory).
_EMBEDDED = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"%PDF-")

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_SRGB = ImageCms.createProfile("sRGB")


@dataclasses.dataclass(frozen=True, eq=False)
class CheckedImage:
    """A photo that passed the checks, re-encoded without any metadata.

    content holds only the pixels (orientation applied, converted to sRGB):
    no EXIF (so no GPS), no XMP, no ICC profile, and nothing that followed
    the image in the uploaded file.
    """

    content: bytes
    format: str
    width: int
    height: int
    original_filename: str

    @property
    def type(self) -> FileType:
        return IMAGE_TYPES[self.format]


@dataclasses.dataclass(frozen=True)
class CheckedDocument:
    """A document whose content was recognised, with the type it really is."""

    type: FileType
    size: int
    original_filename: str


@dataclasses.dataclass(frozen=True)
class RenditionSpec:
    """One rendition to make: a maximum width and an output format."""

    width: int
    format: str


@dataclasses.dataclass(frozen=True, eq=False)
class MadeRendition:
    """A rendition's bytes and what a page needs to know about it."""

    content: bytes
    width: int
    height: int
    type: FileType


# WebP for every browser of the last years, and one JPEG for the rest, for
# feed readers and for link previews (1200 px wide, as social networks ask).
# WebP widths fit a phone (480), a phone at 2x or a desktop column (960) and
# a wide screen at 2x (1600).
PHOTO_RENDITIONS = (
    RenditionSpec(480, "WEBP"),
    RenditionSpec(960, "WEBP"),
    RenditionSpec(1600, "WEBP"),
    RenditionSpec(1200, "JPEG"),
)
# A portrait shows at 180 px wide at most; 56 px in lists.
PORTRAIT_RENDITIONS = (
    RenditionSpec(240, "WEBP"),
    RenditionSpec(480, "WEBP"),
    RenditionSpec(480, "JPEG"),
)
RENDITION_OPTIONS = {
    "WEBP": {"quality": 75, "method": 5},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
}


class Rendition(ImageSpec):
    """An imagekit spec: fit to a width, never upscaled, in one format."""

    def __init__(self, spec: RenditionSpec, source=None):
        self.processors = [ResizeToFit(width=spec.width, upscale=False)]
        self.format = spec.format
        self.options = RENDITION_OPTIONS[spec.format]
        super().__init__(source=source)


def clean_filename(name: str) -> str:
    """Return an upload's own file name in NFC (macOS sends NFD), at most 255."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/")
    return name.rsplit("/", 1)[-1].strip()[:255]


# Photos --------------------------------------------------------------------


def check_photo(upload) -> CheckedImage:
    """Accept a real JPEG, PNG or WebP and return it cleaned, or refuse it.

    Judged by the bytes as Pillow decodes them, never by the name or the
    browser's content type. Refused: empty or oversized files, anything that
    is not one of the three formats, truncated or corrupt images, images over
    the pixel cap (decompression bombs), and files carrying markup (SVG,
    HTML, script) or another file (ZIP, RAR, 7z, PDF) besides the picture.
    """
    name = clean_filename(getattr(upload, "name", ""))
    size = upload.size
    if not size:
        raise ValidationError(f"Tệp “{name}” rỗng.", code="empty")
    limit = settings.PHOTO_MAX_UPLOAD_SIZE
    if size > limit:
        raise ValidationError(
            f"Ảnh “{name}” nặng {file_size_vi(size)}, vượt giới hạn "
            f"{file_size_vi(limit)} cho một ảnh.",
            code="too_large",
        )
    data = _read(upload)
    if _MARKUP.search(data):
        raise ValidationError(
            f"Tệp “{name}” chứa mã HTML, SVG hoặc script nên không được nhận.",
            code="markup",
        )
    if _has_embedded_file(data):
        raise ValidationError(
            f"Tệp “{name}” có gắn kèm một tệp khác (tệp nén hoặc tài liệu) nên "
            "không được nhận.",
            code="polyglot",
        )
    image = _decode(data, name)
    try:
        return _clean(image, name)
    finally:
        image.close()


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _has_embedded_file(data: bytes) -> bool:
    return zipfile.is_zipfile(io.BytesIO(data)) or any(
        signature in data for signature in _EMBEDDED
    )


def _decode(data: bytes, name: str) -> Image.Image:
    """Decode the whole image, refusing bombs, unknown formats and broken files."""
    max_pixels = settings.PHOTO_MAX_PIXELS
    bomb = ValidationError(
        f"Ảnh “{name}” có quá nhiều điểm ảnh (giới hạn "
        f"{_decimal(max_pixels / 1_000_000)} megapixel); hãy thu nhỏ ảnh rồi tải "
        "lên lại.",
        code="too_many_pixels",
    )
    with warnings.catch_warnings():
        # Pillow only warns between its own limit and twice that.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(IMAGE_TYPES)) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise bomb
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_TYPES))
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise bomb from None
        except UnidentifiedImageError:
            raise ValidationError(
                f"Tệp “{name}” không phải ảnh JPEG, PNG hoặc WebP.", code="not_image"
            ) from None
        except Exception:
            # Pillow reports a damaged stream with many exception types
            # (OSError, SyntaxError, ValueError, struct.error, EOFError...).
            raise ValidationError(
                f"Ảnh “{name}” bị hỏng hoặc không trọn vẹn (có thể do tải lên bị "
                "gián đoạn); hãy chọn lại tệp gốc.",
                code="broken",
            ) from None
    return image


def _clean(image: Image.Image, name: str) -> CheckedImage:
    """Apply the EXIF orientation, convert to sRGB and re-encode the pixels alone."""
    image_format = image.format
    upright = ImageOps.exif_transpose(image)
    pixels = _to_srgb(_normalise_mode(upright))
    # A new image from raw pixels carries no info from the upload: no EXIF,
    # XMP, ICC profile or text chunks, and nothing after the image data.
    bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    buffer = io.BytesIO()
    bare.save(buffer, image_format, **ORIGINAL_OPTIONS[image_format])
    return CheckedImage(
        content=buffer.getvalue(),
        format=image_format,
        width=bare.width,
        height=bare.height,
        original_filename=name,
    )


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Keep RGB, RGBA and greyscale; turn palettes, CMYK, 16-bit... into them."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    if image.mode == "CMYK":
        return image  # converted with its profile by _to_srgb
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def _decimal(number: float) -> str:
    """Return 50 as "50" and 0.5 as "0,5" (Vietnamese decimal comma)."""
    return f"{number:g}".replace(".", ",")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB through the embedded ICC profile, so colours survive its loss.

    Phones shoot in Display P3 and cameras in Adobe RGB; dropping the profile
    without converting would dull every colour.
    """
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, profile, _SRGB, outputMode=output_mode
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    if image.mode == "CMYK":
        return image.convert("RGB")
    return image


def make_renditions(
    checked: CheckedImage, specs: Iterable[RenditionSpec] = PHOTO_RENDITIONS
) -> list[MadeRendition]:
    """Make the renditions of a checked photo with imagekit, smallest first.

    Never upscaled: a width the photo lacks gives the photo's own width, once.
    The source is decoded once (JPEG at a reduced scale when the largest
    rendition allows it) and every spec resizes from that.
    """
    specs = sorted(specs, key=lambda s: (s.format, s.width))
    widths = {min(spec.width, checked.width) for spec in specs}
    with Image.open(io.BytesIO(checked.content)) as source:
        largest = max(widths)
        source.draft("RGB", (largest, round(checked.height * largest / checked.width)))
        source.load()
        made, seen = [], set()
        for spec in specs:
            width = min(spec.width, checked.width)
            if (spec.format, width) in seen:
                continue
            seen.add((spec.format, width))
            rendition = Rendition(RenditionSpec(width, spec.format))
            output = process_image(
                source,
                processors=rendition.processors,
                format=rendition.format,
                options=rendition.options,
            )
            content = output.getvalue()
            with Image.open(io.BytesIO(content)) as result:
                size = result.size
            made.append(MadeRendition(content, *size, type=IMAGE_TYPES[spec.format]))
    return made


@dataclasses.dataclass(frozen=True)
class Picture:
    """What a page needs to show a stored image, with no storage call.

    Built from the renditions recorded when the photo was saved; a photo
    without them (not yet processed) falls back to its original file.
    """

    src: str
    width: int | None
    height: int | None
    webp_srcset: str
    fallback_srcset: str
    thumbnail: str

    @classmethod
    def build(
        cls,
        renditions: list[dict],
        *,
        url: Callable[[str], str],
        original_url: str,
        width: int | None,
        height: int | None,
    ) -> Picture:
        webp = [r for r in renditions if r["type"] == "image/webp"]
        jpeg = [r for r in renditions if r["type"] == "image/jpeg"]
        fallback = max(jpeg, key=lambda r: r["width"]) if jpeg else None
        smallest = min(webp or jpeg, key=lambda r: r["width"]) if renditions else None
        return cls(
            src=url(fallback["name"]) if fallback else original_url,
            width=width,
            height=height,
            webp_srcset=_srcset(webp, url),
            fallback_srcset=_srcset(jpeg, url),
            thumbnail=url(smallest["name"]) if smallest else original_url,
        )


def _srcset(renditions: list[dict], url: Callable[[str], str]) -> str:
    return ", ".join(
        f"{url(r['name'])} {r['width']}w"
        for r in sorted(renditions, key=lambda r: r["width"])
    )


# Documents -----------------------------------------------------------------


def check_document(upload) -> CheckedDocument:
    """Recognise a PDF, DOCX, XLSX, ODT, DOC or XLS by its content, or refuse it."""
    name = clean_filename(getattr(upload, "name", ""))
    size = upload.size
    if not size:
        raise ValidationError(f"Tệp “{name}” rỗng.", code="empty")
    limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
    if size > limit:
        raise ValidationError(
            f"Tài liệu “{name}” nặng {file_size_vi(size)}, vượt giới hạn "
            f"{file_size_vi(limit)} cho một tài liệu.",
            code="too_large",
        )
    extension = _sniff_document(upload, name)
    if extension is None:
        raise ValidationError(
            f"Tệp “{name}” không phải tài liệu PDF, Word (DOC, DOCX), Excel (XLS, "
            "XLSX) hoặc ODT.",
            code="not_document",
        )
    return CheckedDocument(DOCUMENT_TYPES[extension], size, name)


def _sniff_document(upload, name: str) -> str | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == _OLE2:
        return _sniff_ole2(_read(upload))
    if head.startswith(b"PK\x03\x04"):
        try:
            return _sniff_zip(upload, name)
        finally:
            upload.seek(0)
    return None


def _sniff_ole2(data: bytes) -> str | None:
    """Tell a Word 97-2003 file from an Excel one by its main stream's name."""
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if any(n.encode("utf-16-le") in data for n in ("Workbook", "Book")):
        return "xls"
    return None


def _sniff_zip(upload, name: str) -> str | None:
    """Tell DOCX, XLSX and ODT apart by their parts; any other ZIP is refused."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise ValidationError(
                    f"Tài liệu “{name}” chứa macro nên không được nhận; hãy lưu lại "
                    "thành tệp DOCX hoặc XLSX thường.",
                    code="macro",
                )
            if names and names[0] == "mimetype":
                with archive.open("mimetype") as entry:
                    if entry.read(len(_ODT_MIMETYPE) + 1) == _ODT_MIMETYPE:
                        return "odt"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        return None
    return None
