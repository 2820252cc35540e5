"""Many photos at once into a session or an article, each checked on its own."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from meetings.models import Photo
from tests.factories import ArticleFactory, PhotoFactory, SessionFactory, jpeg_bytes
from tests.test_uploads import stored_files
from tests.uploads_data import HTML, SVG, TEXT, camera_jpeg, image_bytes, upload

pytestmark = pytest.mark.django_db


def bulk_url(target, obj):
    return reverse("admin:meetings_photo_bulk_upload", args=[target, obj.pk])


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def good_files():
    return [
        upload("IMG_0001.JPG", camera_jpeg(size=(1200, 800))),
        upload("IMG_0002.png", image_bytes("PNG", (900, 600))),
        upload("IMG_0003.webp", image_bytes("WEBP", (800, 600))),
    ]


def test_bulk_upload_page_offers_a_multiple_file_input(staff):
    session = SessionFactory()
    response = staff.get(bulk_url("phien-hop", session))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tải nhiều ảnh" in html
    assert 'type="file" name="images"' in html and " multiple" in html
    assert 'accept="image/jpeg,image/png,image/webp' in html


def test_session_change_page_links_to_the_bulk_upload(staff):
    session = SessionFactory()
    PhotoFactory(session=session)
    html = staff.get(
        reverse("admin:meetings_session_change", args=[session.pk])
    ).content.decode()
    assert f'href="{bulk_url("phien-hop", session)}"' in html
    # Thumbnails in the photos inline come from the renditions.
    photo = session.photos.get()
    assert f'<img src="{photo.picture.thumbnail}" alt="" width="120"' in html
    # The stored file goes by the name it was uploaded under, not its random one.
    assert f'<a href="{photo.image.url}">anh.jpg</a>' in html


def test_article_change_page_links_to_the_bulk_upload(staff):
    article = ArticleFactory()
    html = staff.get(
        reverse("admin:meetings_article_change", args=[article.pk])
    ).content.decode()
    assert f'href="{bulk_url("tin-bai", article)}"' in html


def test_bulk_upload_creates_every_photo_after_the_existing_ones(staff, media_root):
    session = SessionFactory()
    PhotoFactory(session=session, order=4)
    response = staff.post(
        bulk_url("phien-hop", session),
        {"images": good_files(), "credit": "Văn phòng HĐND tỉnh"},
    )
    change_url = reverse("admin:meetings_session_change", args=[session.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{change_url}#photos-group"
    added = list(session.photos.filter(order__gt=4).order_by("order"))
    assert [p.original_filename for p in added] == [
        "IMG_0001.JPG",
        "IMG_0002.png",
        "IMG_0003.webp",
    ]
    assert [p.order for p in added] == [5, 6, 7]
    assert {p.credit for p in added} == {"Văn phòng HĐND tỉnh"}
    assert all(p.renditions and p.uploaded_by.username == "admin" for p in added)
    expected = {name for p in session.photos.all() for name in p.stored_files()}
    assert set(stored_files(media_root)) == expected
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Đã thêm 3 ảnh vào phiên họp “"
        f"{session}”. Hãy nhập chú thích, thứ tự và người trong ảnh ở mục Ảnh "
        "bên dưới."
    ]


def test_bulk_upload_into_an_article(staff):
    article = ArticleFactory()
    response = staff.post(bulk_url("tin-bai", article), {"images": good_files()[:2]})
    assert response.status_code == 302
    assert article.photos.count() == 2
    assert not Photo.objects.filter(session__isnull=False).exists()


def test_bulk_upload_refuses_bad_files_by_name_and_keeps_the_good(staff, media_root):
    session = SessionFactory()
    files = [
        upload("bien-ban.jpg", TEXT),
        upload("IMG_0001.JPG", camera_jpeg(size=(1200, 800))),
        upload("logo.svg", SVG, "image/svg+xml"),
        upload("cat.jpg", jpeg_bytes(300, 200)[:300]),
    ]
    response = staff.post(bulk_url("phien-hop", session), {"images": files})
    assert response.status_code == 302
    (photo,) = session.photos.all()
    assert photo.original_filename == "IMG_0001.JPG"
    assert set(stored_files(media_root)) == set(photo.stored_files())
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[1:] == [
        "Tệp “bien-ban.jpg” không phải ảnh JPEG, PNG hoặc WebP.",
        "Tệp “logo.svg” chứa mã HTML, SVG hoặc script nên không được nhận.",
        "Ảnh “cat.jpg” bị hỏng hoặc không trọn vẹn (có thể do tải lên bị gián "
        "đoạn); hãy chọn lại tệp gốc.",
    ]
    # The change page shows them to the uploader.
    html = staff.get(response["Location"]).content.decode()
    assert "Tệp “logo.svg” chứa mã HTML, SVG hoặc script" in html


def test_bulk_upload_of_only_bad_files_stays_on_the_page(staff, media_root):
    session = SessionFactory()
    files = [upload("trang.html", HTML, "text/html"), upload("a.jpg", TEXT)]
    response = staff.post(bulk_url("phien-hop", session), {"images": files})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không ảnh nào được thêm" in html
    assert "Tệp “trang.html” chứa mã HTML, SVG hoặc script" in html
    assert "Tệp “a.jpg” không phải ảnh JPEG, PNG hoặc WebP." in html
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


def test_bulk_upload_without_files_asks_for_one(staff):
    response = staff.post(bulk_url("phien-hop", SessionFactory()), {})
    assert "Hãy chọn ít nhất một ảnh." in response.content.decode()


def test_bulk_upload_has_a_limit(staff, settings, media_root):
    settings.PHOTO_BULK_MAX_FILES = 2
    response = staff.post(
        bulk_url("phien-hop", SessionFactory()), {"images": good_files()}
    )
    assert "Mỗi lần tải lên tối đa 2 ảnh; bạn đã chọn 3 tệp." in (
        response.content.decode()
    )
    assert stored_files(media_root) == []


def staff_with(django_user_model, client, *codenames):
    user = django_user_model.objects.create_user("bientap", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "codenames",
    [
        pytest.param(["change_session"], id="without-add-photo"),
        pytest.param(["add_photo", "view_session"], id="without-change-session"),
    ],
)
def test_bulk_upload_needs_both_permissions(
    client, django_user_model, media_root, codenames
):
    session = SessionFactory()
    client = staff_with(django_user_model, client, *codenames)
    assert client.get(bulk_url("phien-hop", session)).status_code == 403
    response = client.post(bulk_url("phien-hop", session), {"images": good_files()})
    assert response.status_code == 403
    assert Photo.objects.count() == 0
    assert stored_files(media_root) == []


def test_bulk_upload_with_both_permissions(client, django_user_model):
    session = SessionFactory()
    client = staff_with(
        django_user_model, client, "add_photo", "change_session", "view_session"
    )
    response = client.post(bulk_url("phien-hop", session), {"images": good_files()})
    assert response.status_code == 302
    assert session.photos.count() == 3


def test_bulk_upload_to_an_unknown_record_is_not_found(staff):
    assert (
        staff.get(
            reverse("admin:meetings_photo_bulk_upload", args=["phien-hop", 999])
        ).status_code
        == 404
    )
    assert (
        staff.get(
            reverse("admin:meetings_photo_bulk_upload", args=["khac", 1])
        ).status_code
        == 404
    )
