"""The same uploads on S3-compatible storage (django-storages, moto's fake S3).

Nothing in the pipeline may assume a local folder: photos, renditions and
documents go to the bucket, pages link to it without asking it anything, and
deleting a record empties it again.
"""

from unittest import mock

import boto3
import pytest
from django.urls import reverse
from moto import mock_aws
from storages.backends.s3 import S3Storage

from meetings.models import Photo
from tests.factories import PhotoFactory, SessionFactory, jpeg_bytes
from tests.test_uploads import stored_document
from tests.uploads_data import camera_jpeg, docx_bytes, upload

pytestmark = pytest.mark.django_db

BUCKET = "hdnd-media"
MEDIA_HOST = "media.hdnd.example.vn"


@pytest.fixture
def bucket(settings, monkeypatch, media_root):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "custom_domain": MEDIA_HOST,
                    "querystring_auth": False,
                    "file_overwrite": True,
                },
            },
        }

        def keys():
            listing = s3.list_objects_v2(Bucket=BUCKET)
            return sorted(item["Key"] for item in listing.get("Contents", []))

        yield keys
    # Nothing ever reached the local folder.
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_photo_and_renditions_go_to_the_bucket(bucket, client):
    photo = PhotoFactory(image=upload("IMG_1.JPG", camera_jpeg(size=(1000, 700))))
    assert isinstance(Photo._meta.get_field("image").storage._wrapped, S3Storage)
    assert bucket() == sorted(photo.stored_files())
    assert len(photo.renditions) == 4


def test_pages_link_to_the_bucket_without_asking_it(bucket, client):
    photo = PhotoFactory(image=upload("IMG_1.JPG", jpeg_bytes(1000, 700)))
    forbidden = mock.Mock(side_effect=AssertionError("a page asked storage"))
    with (
        mock.patch.object(S3Storage, "exists", forbidden),
        mock.patch.object(S3Storage, "size", forbidden),
        mock.patch.object(S3Storage, "_open", forbidden),
    ):
        html = client.get(photo.session.get_absolute_url()).content.decode()
    assert f"https://{MEDIA_HOST}/photos/" in html
    assert f"https://{MEDIA_HOST}/{photo.renditions[0]['name']}" in html


def test_deleting_a_photo_empties_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(image=upload("IMG_1.JPG", jpeg_bytes(1000, 700)))
    assert bucket()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert bucket() == []


def test_document_downloads_from_the_bucket(bucket, client):
    content = docx_bytes()
    document = stored_document(SessionFactory(), content, name="Tờ trình.docx")
    assert bucket() == [document.file.name]
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment; filename*=")


def test_bulk_upload_to_the_bucket(bucket, client, admin_user):
    client.force_login(admin_user)
    session = SessionFactory()
    response = client.post(
        reverse("admin:meetings_photo_bulk_upload", args=["phien-hop", session.pk]),
        {"images": [upload(f"IMG_{n}.jpg", jpeg_bytes(600, 400)) for n in range(3)]},
    )
    assert response.status_code == 302
    expected = {name for p in session.photos.all() for name in p.stored_files()}
    # Each: the original, WebP 480 and 600, JPEG 600.
    assert set(bucket()) == expected and len(expected) == 3 * 4
