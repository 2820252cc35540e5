"""Photos on save and on pages: cleaned, resized once, served as renditions.

On save the orientation is applied, GPS and every other metadata removed and
the renditions made; pages only read what was recorded then (no storage
call), and build srcset from it. Deleting or replacing a photo removes its
files once the transaction commits.
"""

import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from meetings import images, uploads
from meetings.models import Document, Person, Photo, Session
from meetings.upload_forms import DocumentForm
from tests.factories import (
    PersonFactory,
    PhotoFactory,
    SessionFactory,
    jpeg_bytes,
)
from tests.site_data import published_articles
from tests.test_uploads import stored_document, stored_files
from tests.uploads_data import ROTATE_90_CW, SVG, camera_jpeg, image_bytes, upload

pytestmark = pytest.mark.django_db

PHONE_WIDTH, PHONE_DPR = 390, 2
BUDGET = 400 * 1000  # bytes of images for the January 2021 article on a phone


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def open_stored(name) -> Image.Image:
    with default_storage.open(name, "rb") as file:
        return Image.open(io.BytesIO(file.read()))


def photo_from(content: bytes, name="anh.jpg", **fields) -> Photo:
    """A photo saved through the same pipeline as an admin upload."""
    if not fields.get("session") and not fields.get("article"):
        fields["session"] = SessionFactory()
    photo = Photo(**fields)
    replacement = uploads.put_photo_image(
        photo, images.check_photo(upload(name, content))
    )
    uploads.save_with_files(photo.save, replacement)
    return photo


def text(response) -> str:
    return response.content.decode()


# On save ----------------------------------------------------------------------


def test_camera_jpeg_really_carries_gps_before_upload():
    exif = Image.open(io.BytesIO(camera_jpeg())).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_gps_and_all_metadata_are_gone_after_save(staff):
    session = SessionFactory()
    response = staff.post(
        reverse("admin:meetings_photo_add"),
        {
            "image": upload("IMG_0001.JPG", camera_jpeg()),
            "session": session.pk,
            "order": "0",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    for name in photo.stored_files():
        stored = open_stored(name)
        assert not stored.getexif(), name
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo), name
        assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp"} & set(
            stored.info
        ), name
        with default_storage.open(name, "rb") as file:
            raw = file.read()
        assert b"Exif" not in raw and "Điện thoại".encode() not in raw, name


def test_orientation_is_applied_before_the_metadata_goes():
    # 80 x 40, red on the left; the camera was turned: upright it is 40 x 80,
    # red on top.
    photo = photo_from(camera_jpeg(size=(80, 40), orientation=ROTATE_90_CW))
    assert (photo.width, photo.height) == (40, 80)
    upright = open_stored(photo.image.name).convert("RGB")
    assert upright.size == (40, 80)
    red, _, blue = upright.getpixel((20, 10))
    assert red > 150 and blue < 80
    red, _, blue = upright.getpixel((20, 70))
    assert blue > 150 and red < 80


def test_colour_profile_is_converted_then_dropped():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 200)).save(buffer, "JPEG", icc_profile=profile)
    photo = photo_from(buffer.getvalue())
    stored = open_stored(photo.image.name)
    assert "icc_profile" not in stored.info
    pixel = stored.getpixel((5, 5))
    assert all(abs(a - b) < 12 for a, b in zip(pixel, (10, 120, 200), strict=True))


def test_renditions_are_made_at_save_and_recorded():
    photo = photo_from(jpeg_bytes(2000, 1000))
    made = {(r["type"], r["width"], r["height"]) for r in photo.renditions}
    assert made == {
        ("image/webp", 480, 240),
        ("image/webp", 960, 480),
        ("image/webp", 1600, 800),
        ("image/jpeg", 1200, 600),
    }
    for rendition in photo.renditions:
        assert default_storage.size(rendition["name"]) == rendition["size"]
        stored = open_stored(rendition["name"])
        assert stored.size == (rendition["width"], rendition["height"])
        assert (
            stored.format
            == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition["type"]]
        )
    stem = photo.image.name.rsplit(".", 1)[0]
    assert all(r["name"].startswith(f"{stem}-") for r in photo.renditions)


def test_small_photos_are_never_upscaled():
    photo = photo_from(image_bytes("PNG", (800, 600)), name="so-do.png")
    made = sorted((r["type"], r["width"]) for r in photo.renditions)
    assert made == [("image/jpeg", 800), ("image/webp", 480), ("image/webp", 800)]
    assert photo.image.name.endswith(".png")


def test_transparent_png_gets_a_jpeg_fallback_without_alpha():
    photo = photo_from(image_bytes("PNG", (300, 200), (0, 0, 0, 0)), name="logo.png")
    jpeg = photo.fallback_rendition()
    assert open_stored(jpeg["name"]).mode == "RGB"


def test_a_failed_save_takes_its_new_files_with_it(media_root):
    photo = Photo(session=SessionFactory())
    replacement = uploads.put_photo_image(
        photo, images.check_photo(upload("anh.jpg", jpeg_bytes()))
    )
    assert stored_files(media_root)

    def fail():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        uploads.save_with_files(fail, replacement)
    assert stored_files(media_root) == []


# Deleting and replacing -------------------------------------------------------


def test_deleting_a_photo_removes_its_files_after_commit(
    media_root, django_capture_on_commit_callbacks
):
    photo = photo_from(jpeg_bytes(1000, 800))
    names = photo.stored_files()
    assert len(names) == 5
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
        # Still there until the transaction commits.
        assert all(default_storage.exists(name) for name in names)
    assert stored_files(media_root) == []


def test_deleting_a_session_removes_its_photos_and_documents_files(
    media_root, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    photo_from(jpeg_bytes(), session=session)
    photo_from(jpeg_bytes(), session=session)
    stored_document(session)
    assert len(stored_files(media_root)) == 2 * 3 + 1
    with django_capture_on_commit_callbacks(execute=True):
        Session.objects.filter(pk=session.pk).delete()
    assert stored_files(media_root) == []


def test_replacing_a_photo_in_the_admin_removes_the_old_files(
    staff, media_root, django_capture_on_commit_callbacks
):
    photo = photo_from(jpeg_bytes(900, 600), caption="Toàn cảnh")
    old = photo.stored_files()
    url = reverse("admin:meetings_photo_change", args=[photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            url,
            {
                "image": upload("moi.png", image_bytes("PNG", (700, 500))),
                "caption": "Toàn cảnh",
                "session": photo.session_id,
                "order": "0",
            },
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.image.name.endswith(".png")
    assert photo.original_filename == "moi.png"
    assert (photo.width, photo.height) == (700, 500)
    assert set(stored_files(media_root)) == set(photo.stored_files())
    assert not set(old) & set(photo.stored_files())


def test_editing_a_caption_keeps_the_files(
    staff, media_root, django_capture_on_commit_callbacks
):
    photo = photo_from(jpeg_bytes(), caption="Cũ")
    files = stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("admin:meetings_photo_change", args=[photo.pk]),
            {"caption": "Mới", "session": photo.session_id, "order": "0"},
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption == "Mới"
    assert stored_files(media_root) == files


def test_clearing_a_document_file_deletes_it(
    staff, media_root, django_capture_on_commit_callbacks
):
    document = stored_document(SessionFactory())
    form = DocumentForm(
        {
            "session": document.session_id,
            "kind": document.kind,
            "title": document.title,
            "file-clear": "on",
            "is_public": "on",
        },
        instance=document,
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    document.refresh_from_db()
    assert not document.file and document.file_size == 0
    assert stored_files(media_root) == []


def test_photo_added_in_the_session_inline_gets_renditions(staff, standing_committee):
    data = {
        "organization": standing_committee.pk,
        "kind": Session.Kind.REGULAR,
        "status": Session.Status.HELD,
        "period_month": "1",
        "period_year": "2021",
        "starts_at_0": "07/01/2021",
        "starts_at_1": "08:00",
    }
    for prefix, total in [
        ("attendances", 0),
        ("agenda_items", 0),
        ("documents", 0),
        ("tasks", 0),
        ("photos", 1),
    ]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(total),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(
        {
            "photos-0-image": upload("IMG_2.JPG", camera_jpeg(size=(1200, 800))),
            "photos-0-caption": "Toàn cảnh phiên họp",
            "photos-0-order": "1",
        }
    )
    response = staff.post(reverse("admin:meetings_session_add"), data)
    assert response.status_code == 302, text(response)
    photo = Photo.objects.get()
    assert photo.original_filename == "IMG_2.JPG"
    assert len(photo.renditions) == 4
    assert not open_stored(photo.image.name).getexif()


# On pages ---------------------------------------------------------------------


def test_article_page_serves_renditions_with_srcset_sizes_and_dimensions(client):
    (article,) = published_articles(1, photos=0)
    first = photo_from(jpeg_bytes(2000, 1000), article=article, body_position=0)
    second = photo_from(jpeg_bytes(2000, 1000), article=article, order=1)
    html = text(client.get(article.get_absolute_url()))
    url = default_storage.url
    webp = ", ".join(
        f"{url(r['name'])} {r['width']}w"
        for r in sorted(first.renditions, key=lambda r: r["width"])
        if r["type"] == "image/webp"
    )
    assert f'<source type="image/webp" srcset="{webp}" sizes="' in html
    jpeg = first.fallback_rendition()
    assert f'<img src="{url(jpeg["name"])}" srcset="{url(jpeg["name"])} 1200w"' in html
    assert 'width="2000" height="1000" fetchpriority="high"' in html
    # Further photos load lazily; none is sent as its original.
    assert html.count('loading="lazy"') == 1
    assert first.image.url not in html and second.image.url not in html


def test_home_and_lists_use_renditions_for_covers(client):
    published_articles(3, photos=1)
    for url in [reverse("meetings:home"), reverse("meetings:article_list")]:
        html = text(client.get(url))
        assert html.count('<source type="image/webp"') == 3, url
        assert not re.search(r'src="/media/photos/[^"]*/[0-9a-f]{32}\.jpg"', html)


def test_official_page_shows_the_photos_they_are_in_as_renditions(client):
    person = PersonFactory()
    photo = PhotoFactory(caption="Ông phát biểu")
    photo.people.set([person])
    html = text(client.get(person.get_absolute_url()))
    assert "<figcaption>Ông phát biểu</figcaption>" in html
    assert photo.picture.webp_srcset in html


def test_public_pages_make_no_storage_call(client, demo_article):
    person = Person.objects.get(slug="pham-sy-loi")
    checked = images.check_photo(upload("chan-dung.jpg", jpeg_bytes(600, 800)))
    uploads.save_with_files(person.save, uploads.put_portrait(person, checked))
    assert Person.objects.get(pk=person.pk).portrait_renditions
    assert person.photos.exists()
    forbidden = mock.Mock(side_effect=AssertionError("a page asked storage"))
    pages = [
        reverse("meetings:home"),
        reverse("meetings:article_list"),
        demo_article.get_absolute_url(),
        demo_article.session.get_absolute_url(),
        person.get_absolute_url(),
        reverse("meetings:person_list"),
        reverse("meetings:feed"),
    ]
    with (
        mock.patch.object(FileSystemStorage, "open", forbidden),
        mock.patch.object(FileSystemStorage, "exists", forbidden),
        mock.patch.object(FileSystemStorage, "size", forbidden),
        mock.patch.object(FileSystemStorage, "path", forbidden),
        mock.patch.object(FileSystemStorage, "listdir", forbidden),
    ):
        for url in pages:
            assert client.get(url).status_code == 200, url
    forbidden.assert_not_called()


class PictureParser(HTMLParser):
    """Collect each image a browser would fetch: its candidates and sizes."""

    def __init__(self):
        super().__init__()
        self.images, self.in_picture, self.webp = [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self.in_picture, self.webp = True, None
        elif tag == "source" and self.in_picture and attrs.get("type") == "image/webp":
            self.webp = attrs
        elif tag == "img":
            chosen = self.webp if self.in_picture and self.webp else attrs
            self.images.append(chosen)

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = False


def css_length(value: str, viewport: int) -> float:
    value = value.strip()
    if value.startswith("calc(") and value.endswith(")"):
        left, right = value[5:-1].split(" - ")
        return css_length(left, viewport) - css_length(right, viewport)
    number, unit = re.fullmatch(r"([\d.]+)(px|rem|vw)", value).groups()
    return float(number) * {"px": 1, "rem": 16, "vw": viewport / 100}[unit]


def slot_width(sizes: str, viewport: int) -> float:
    """Evaluate a sizes attribute of (min-width: ...) conditions."""
    for entry in [e.strip() for e in sizes.split(",")]:
        condition = re.match(r"\(min-width: ([^)]+)\)\s+(.+)", entry)
        if condition is None:
            return css_length(entry, viewport)
        if viewport >= css_length(condition.group(1), viewport):
            return css_length(condition.group(2), viewport)
    return viewport


def chosen_url(attrs: dict, viewport: int, dpr: float) -> str:
    """Pick from srcset as Chromium does: the first dense enough, unless the
    one below it is nearer (geometric mean above the device pixel ratio)."""
    if "srcset" not in attrs:
        return attrs["src"]
    slot = slot_width(attrs.get("sizes", "100vw"), viewport)
    candidates = sorted(
        (int(width[:-1]) / slot, url)
        for url, width in (c.strip().split() for c in attrs["srcset"].split(","))
    )
    for index, (density, url) in enumerate(candidates):
        if density >= dpr:
            if index and (candidates[index - 1][0] * density) ** 0.5 > dpr:
                return candidates[index - 1][1]
            return url
    return candidates[-1][1]


def test_demo_article_sends_under_400_kb_of_images_to_a_phone(client, demo_article):
    html = text(client.get(demo_article.get_absolute_url()))
    parser = PictureParser()
    parser.feed(html)
    assert len(parser.images) == 3
    total, chosen = 0, []
    for attrs in parser.images:
        url = chosen_url(attrs, PHONE_WIDTH, PHONE_DPR)
        assert url.startswith(settings.MEDIA_URL)
        name = url.removeprefix(settings.MEDIA_URL)
        chosen.append(name)
        total += default_storage.size(name)
    total += len(open(finders.find("img/favicon.svg"), "rb").read())
    # A 390 px phone at 2x fills 358 CSS px: the 960 px WebP of each photo.
    assert all(name.endswith("-960.webp") for name in chosen), chosen
    assert total < BUDGET, f"{total} bytes"


def test_feed_enclosure_needs_no_file_read(client, demo_article):
    cover = demo_article.session.photos.order_by("order").first()
    jpeg = cover.fallback_rendition()
    feed = text(client.get(reverse("meetings:feed")))
    assert f'length="{jpeg["size"]}" type="image/jpeg"' in feed


# Portraits --------------------------------------------------------------------


def person_form(person, **fields) -> dict:
    data = {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "gender": person.gender,
        "slug": person.slug,
        "born_on": "",
        "biography": "",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
        "record_version": person.version,
    }
    data.update(fields)
    return data


def test_portrait_is_checked_cleaned_and_resized(staff, client):
    person = PersonFactory()
    response = staff.post(
        reverse("admin:meetings_person_change", args=[person.pk]),
        person_form(
            person, portrait=upload("chan dung.jpg", camera_jpeg(size=(600, 800)))
        ),
    )
    assert response.status_code == 302, text(response)
    person.refresh_from_db()
    assert re.fullmatch(
        r"portraits/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", person.portrait.name
    )
    assert sorted(r["width"] for r in person.portrait_renditions) == [240, 480, 480]
    assert not open_stored(person.portrait.name).getexif()
    html = text(client.get(person.get_absolute_url()))
    assert f'srcset="{person.portrait_picture.webp_srcset}" sizes="180px"' in html


def test_svg_portrait_is_refused_and_nothing_stored(staff, media_root):
    person = PersonFactory()
    response = staff.post(
        reverse("admin:meetings_person_change", args=[person.pk]),
        person_form(person, portrait=upload("chan-dung.svg", SVG, "image/svg+xml")),
    )
    assert response.status_code == 200
    assert "Tệp “chan-dung.svg” chứa mã HTML, SVG hoặc script" in text(response)
    person.refresh_from_db()
    assert not person.portrait
    assert stored_files(media_root) == []


# Photos stored before the checks ----------------------------------------------


def test_make_renditions_cleans_photos_stored_before(
    media_root, django_capture_on_commit_callbacks
):
    raw = default_storage.save("photos/2020/12/cu.jpg", ContentFile(camera_jpeg()))
    photo = Photo.objects.create(session=SessionFactory(), image=raw)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_renditions", stdout=io.StringIO())
    photo.refresh_from_db()
    assert len(photo.renditions) == 2  # 80 px wide: one WebP, one JPEG
    assert photo.file_size and photo.width == 80
    assert not open_stored(photo.image.name).getexif()
    assert not default_storage.exists(raw)
    assert set(stored_files(media_root)) == set(photo.stored_files())


def test_make_renditions_reports_a_stored_file_it_would_refuse():
    raw = default_storage.save("photos/2020/12/cu.jpg", ContentFile(SVG))
    Photo.objects.create(session=SessionFactory(), image=raw)
    errors = io.StringIO()
    call_command("make_renditions", stdout=io.StringIO(), stderr=errors)
    assert "chứa mã HTML, SVG hoặc script" in errors.getvalue()


# Storage settings -------------------------------------------------------------


def settings_in_subprocess(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import json, council.settings as s; "
        "print(json.dumps(s.STORAGES['default'], default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR), **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_media_stays_in_the_local_folder_by_default():
    result = settings_in_subprocess({})
    assert result.returncode == 0, result.stderr
    assert "FileSystemStorage" in result.stdout


def test_s3_media_storage_is_chosen_by_environment():
    result = settings_in_subprocess(
        {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "hdnd-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
            "AWS_S3_CUSTOM_DOMAIN": "media.example.vn",
        }
    )
    assert result.returncode == 0, result.stderr
    assert '"BACKEND": "storages.backends.s3.S3Storage"' in result.stdout
    assert '"bucket_name": "hdnd-media"' in result.stdout
    assert '"endpoint_url": "https://s3.example.vn"' in result.stdout
    assert '"querystring_auth": false' in result.stdout


def test_s3_media_storage_needs_a_bucket():
    result = settings_in_subprocess({"MEDIA_STORAGE": "s3"})
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_a_document_and_its_download_survive_a_missing_file(client):
    document = stored_document(SessionFactory())
    default_storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert Document.objects.filter(pk=document.pk).exists()
