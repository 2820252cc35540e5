"""Uploads are judged by their content, not their name.

Every bad photo or document is refused on the admin form with its Vietnamese
message, and nothing is stored: no row, no file under MEDIA_ROOT. Good ones
are stored under random names, with the extension of what they really are,
and documents download under their original name.
"""

import re
import unicodedata

import pytest
from django.urls import reverse
from PIL import Image

from meetings import images, uploads
from meetings.models import Document, Photo, Session
from tests.factories import SessionFactory, jpeg_bytes, local_datetime
from tests.uploads_data import (
    HTML,
    SVG,
    TEXT,
    docx_bytes,
    exe_bytes,
    image_bytes,
    jpeg_then,
    odt_bytes,
    ole2_bytes,
    pdf_bytes,
    png_claiming,
    upload,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "không phải ảnh JPEG, PNG hoặc WebP."
MARKUP = "chứa mã HTML, SVG hoặc script nên không được nhận."
EMBEDDED = "có gắn kèm một tệp khác (tệp nén hoặc tài liệu) nên không được nhận."
BROKEN = "bị hỏng hoặc không trọn vẹn (có thể do tải lên bị gián đoạn)"
TOO_MANY_PIXELS = "có quá nhiều điểm ảnh"
NOT_A_DOCUMENT = (
    "không phải tài liệu PDF, Word (DOC, DOCX), Excel (XLS, XLSX) hoặc ODT."
)


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def session(db):
    return SessionFactory()


def stored_files(media_root) -> list[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    if not media_root.exists():
        return []
    return sorted(
        str(path.relative_to(media_root))
        for path in media_root.rglob("*")
        if path.is_file()
    )


def page(response) -> str:
    return response.content.decode()


def add_photo(client, session, name, content, content_type="image/jpeg"):
    return client.post(
        reverse("admin:meetings_photo_add"),
        {
            "image": upload(name, content, content_type),
            "caption": "Toàn cảnh phiên họp",
            "credit": "",
            "session": session.pk,
            "article": "",
            "order": "0",
            "body_position": "",
        },
    )


def assert_refused(response, message, media_root):
    assert response.status_code == 200
    assert message in page(response)
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


# Photos refused, each with its reason and nothing stored ----------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        pytest.param(
            "bien-ban.jpg", TEXT, "image/jpeg", NOT_AN_IMAGE, id="renamed-text"
        ),
        pytest.param(
            "anh.jpg", jpeg_bytes(400, 300)[:600], "image/jpeg", BROKEN, id="truncated"
        ),
        pytest.param(
            "bom.png",
            png_claiming(100_000, 100_000),
            "image/png",
            TOO_MANY_PIXELS,
            id="decompression-bomb",
        ),
        pytest.param("logo.svg", SVG, "image/svg+xml", MARKUP, id="svg"),
        pytest.param("logo.jpg", SVG, "image/jpeg", MARKUP, id="svg-renamed-jpg"),
        pytest.param("trang.html", HTML, "text/html", MARKUP, id="html"),
        pytest.param("trang.jpg", HTML, "image/jpeg", MARKUP, id="html-renamed-jpg"),
        pytest.param(
            "anh.jpg",
            jpeg_then(b"<html><script>alert(1)</script></html>"),
            "image/jpeg",
            MARKUP,
            id="polyglot-jpeg-html",
        ),
        pytest.param(
            "anh.jpg",
            jpeg_then(zip_bytes({"a.js": b"alert(1)"})),
            "image/jpeg",
            EMBEDDED,
            id="polyglot-jpeg-zip",
        ),
        pytest.param(
            "anh.gif",
            image_bytes("GIF") + zip_bytes({"META-INF/MANIFEST.MF": b"Main-Class: A"}),
            "image/gif",
            EMBEDDED,
            id="gifar",
        ),
        pytest.param(
            "anh.gif", image_bytes("GIF"), "image/gif", NOT_AN_IMAGE, id="gif"
        ),
        pytest.param(
            "anh.jpg", jpeg_then(pdf_bytes()), "image/jpeg", EMBEDDED, id="jpeg-pdf"
        ),
    ],
)
def test_bad_photo_is_refused_and_nothing_stored(
    staff, session, media_root, name, content, content_type, message
):
    response = add_photo(staff, session, name, content, content_type)
    assert_refused(response, message, media_root)
    assert f"“{name}”" in page(response)


def test_photo_over_the_size_cap_is_refused(staff, session, media_root, settings):
    settings.PHOTO_MAX_UPLOAD_SIZE = 1024
    big = jpeg_then(bytes(3000 - len(jpeg_bytes())))  # a real JPEG, padded
    response = add_photo(staff, session, "anh-lon.jpg", big)
    assert_refused(response, "nặng 2,9 KB, vượt giới hạn 1 KB cho một ảnh.", media_root)


def test_photo_over_the_pixel_cap_is_refused(staff, session, media_root, settings):
    settings.PHOTO_MAX_PIXELS = 2_000
    response = add_photo(staff, session, "anh.jpg", jpeg_bytes(64, 48))
    assert_refused(
        response,
        "Ảnh “anh.jpg” có quá nhiều điểm ảnh (giới hạn 0,002 megapixel)",
        media_root,
    )


def test_pillows_own_bomb_warning_is_a_refusal_not_a_crash(media_root, settings):
    # Between Pillow's limit and twice that, Pillow only warns; the warning
    # must refuse the file like the error does.
    settings.PHOTO_MAX_PIXELS = 10**12
    width = int((Image.MAX_IMAGE_PIXELS * 1.5) ** 0.5)
    with pytest.raises(Exception) as refusal:
        images.check_photo(upload("bom.png", png_claiming(width, width)))
    assert TOO_MANY_PIXELS in refusal.value.messages[0]


# Photos accepted ------------------------------------------------------------


def test_photo_is_stored_under_a_random_name_with_its_original_name_kept(
    staff, session, media_root
):
    name = unicodedata.normalize("NFD", "Ảnh hội trường.JPEG")  # as macOS sends
    response = add_photo(staff, session, name, jpeg_bytes(640, 480))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.original_filename == "Ảnh hội trường.JPEG"
    assert re.fullmatch(r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.image.name)
    assert (photo.width, photo.height) == (640, 480)
    assert photo.file_size == photo.image.storage.size(photo.image.name)
    assert photo.uploaded_by.username == "admin"
    assert set(stored_files(media_root)) == set(photo.stored_files())


def test_a_png_renamed_jpg_is_stored_as_the_png_it_is(staff, session):
    response = add_photo(staff, session, "anh.jpg", image_bytes("PNG", (50, 40)))
    assert response.status_code == 302
    assert Photo.objects.get().image.name.endswith(".png")


def test_webp_is_accepted(staff, session):
    response = add_photo(staff, session, "anh.webp", image_bytes("WEBP", (50, 40)))
    assert response.status_code == 302
    assert Photo.objects.get().image.name.endswith(".webp")


def test_a_photo_refused_for_another_field_stores_nothing(staff, media_root):
    # Valid image, but the photo belongs nowhere: the form is refused whole.
    response = staff.post(
        reverse("admin:meetings_photo_add"),
        {"image": upload("anh.jpg", jpeg_bytes()), "order": "0"},
    )
    assert response.status_code == 200
    assert "Ảnh phải thuộc một phiên họp hoặc một tin bài." in page(response)
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


# Documents ------------------------------------------------------------------


def inline_management(prefix: str, total: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_session_with_document(client, organization, name, content, content_type):
    data = {
        "organization": organization.pk,
        "kind": Session.Kind.REGULAR,
        "status": Session.Status.HELD,
        "period_month": "1",
        "period_year": "2021",
        "starts_at_0": "07/01/2021",
        "starts_at_1": "08:00",
        "place": "Phòng họp",
    }
    for prefix in ("attendances", "agenda_items", "tasks", "photos"):
        data.update(inline_management(prefix))
    data.update(inline_management("documents", 1))
    data.update(
        {
            "documents-0-kind": Document.Kind.REPORT,
            "documents-0-number": "01/BC-HĐND",
            "documents-0-title": "Báo cáo kết quả thực hiện nhiệm vụ tháng 12/2020",
            "documents-0-is_public": "on",
            "documents-0-file": upload(name, content, content_type),
        }
    )
    return client.post(reverse("admin:meetings_session_add"), data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        pytest.param("bao-cao.pdf", exe_bytes(), "application/pdf", id="exe-as-pdf"),
        pytest.param(
            "bao-cao.pdf",
            zip_bytes({"a.txt": b"x"}),
            "application/pdf",
            id="zip-as-pdf",
        ),
        pytest.param("bao-cao.pdf", HTML, "application/pdf", id="html-as-pdf"),
        pytest.param("bao-cao.docx", TEXT, "application/msword", id="text-as-docx"),
        pytest.param("bao-cao.pdf", jpeg_bytes(), "application/pdf", id="jpeg-as-pdf"),
        pytest.param(
            "bao-cao.doc",
            ole2_bytes("PowerPoint"),
            "application/msword",
            id="other-ole2-as-doc",
        ),
    ],
)
def test_bad_document_is_refused_and_nothing_stored(
    staff, standing_committee, media_root, name, content, content_type
):
    response = add_session_with_document(
        staff, standing_committee, name, content, content_type
    )
    assert response.status_code == 200
    assert f"Tệp “{name}” {NOT_A_DOCUMENT}" in page(response)
    assert Session.objects.count() == 0
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


def test_document_with_macros_is_refused(staff, standing_committee, media_root):
    docm = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00macro",
        }
    )
    response = add_session_with_document(
        staff, standing_committee, "bao-cao.docx", docm, "application/msword"
    )
    assert "chứa macro nên không được nhận" in page(response)
    assert stored_files(media_root) == []


def test_document_over_the_size_cap_is_refused(
    staff, standing_committee, media_root, settings
):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1024
    content = pdf_bytes() + bytes(2048)
    response = add_session_with_document(
        staff, standing_committee, "bao-cao.pdf", content, "application/pdf"
    )
    assert "vượt giới hạn 1 KB cho một tài liệu." in page(response)
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("content", "extension", "content_type"),
    [
        pytest.param(pdf_bytes(), "pdf", "application/pdf", id="pdf"),
        pytest.param(
            docx_bytes(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            id="docx",
        ),
        pytest.param(
            xlsx_bytes(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            id="xlsx",
        ),
        pytest.param(
            odt_bytes(), "odt", "application/vnd.oasis.opendocument.text", id="odt"
        ),
        pytest.param(ole2_bytes("WordDocument"), "doc", "application/msword", id="doc"),
        pytest.param(
            ole2_bytes("Workbook"), "xls", "application/vnd.ms-excel", id="xls"
        ),
    ],
)
def test_good_document_is_stored_by_what_it_is(
    staff, standing_committee, media_root, content, extension, content_type
):
    # Named .pdf whatever it is: the content decides the stored type.
    response = add_session_with_document(
        staff, standing_committee, "Báo cáo tháng 12.pdf", content, "application/pdf"
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert re.fullmatch(
        rf"documents/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension}", document.file.name
    )
    assert document.original_filename == "Báo cáo tháng 12.pdf"
    assert document.file_size == len(content)
    assert document.content_type == content_type
    assert document.download_name == f"Báo cáo tháng 12.{extension}"
    assert stored_files(media_root) == [document.file.name]


# Downloads ------------------------------------------------------------------


def stored_document(session, content=None, *, name="Báo cáo số 01.pdf", **fields):
    content = content or pdf_bytes()
    document = Document(session=session, title="Báo cáo", number="01/BC", **fields)
    file = upload(name, content, "application/pdf")
    checked = images.check_document(file)
    uploads.save_with_files(
        document.save, uploads.put_document_file(document, file, checked)
    )
    return document


def test_public_document_downloads_under_its_original_name(client, session):
    content = docx_bytes()
    document = stored_document(session, content, name="Tờ trình số 5.docx")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''T%E1%BB%9D%20tr%C3%ACnh%20s%E1%BB%91%205.docx"
    )
    assert response["Content-Length"] == str(len(content))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content


def test_ascii_name_downloads_with_a_plain_filename(client, session):
    document = stored_document(session, name="bao-cao.pdf")
    response = client.get(document.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_unpublished_document_is_hidden_from_the_public(client, admin_user, session):
    document = stored_document(session, is_public=False)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_document_of_a_planned_session_is_hidden_from_the_public(client):
    planned = SessionFactory(
        status=Session.Status.PLANNED, starts_at=local_datetime(2030, 1, 7, 8)
    )
    document = stored_document(planned)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_document_without_a_file_is_not_found(client, session):
    document = Document.objects.create(session=session, title="Chưa có tệp")
    assert client.get(document.get_absolute_url()).status_code == 404


def test_session_page_links_documents_to_the_download(client, session):
    document = stored_document(session)
    html = page(client.get(session.get_absolute_url()))
    assert f'href="{document.get_absolute_url()}"' in html
    assert document.file.url not in html
    assert "(PDF, " in html
