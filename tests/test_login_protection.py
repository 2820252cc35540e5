"""Admin sign-in: lockout per user name and address, passwords, cookies."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from meetings.security import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-that-dai-2021!"
LOGIN = reverse("admin:login")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "thu-ky", password=PASSWORD, is_staff=True
    )


def sign_in(client, password, username="thu-ky", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_limit_is_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_wrong_password_is_refused_without_lockout_below_the_limit(client, staff):
    for _ in range(4):
        response = sign_in(client, "sai-mat-khau")
        assert response.status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_after_five_failures_even_the_right_password_is_locked_out(client, staff):
    for _ in range(5):
        sign_in(client, "sai-mat-khau")

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Đăng nhập tạm thời bị khóa" in page
    assert "Đã nhập sai thông tin đăng nhập 5 lần" in page
    assert "tài khoản “thu-ky”" in page
    assert "trong 15 phút" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_for_the_pair_of_user_and_address(client, staff):
    for _ in range(5):
        sign_in(client, "sai-mat-khau")

    # The same person from another address is not locked out...
    assert sign_in(Client(), PASSWORD, address="198.51.100.9").status_code == 302
    # ...nor is another user name from the same address.
    assert sign_in(Client(), "x", username="nguoi-khac").status_code == 200


def test_the_lockout_ends_after_the_cool_off(client, staff):
    start = datetime.datetime(2021, 1, 8, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, "sai-mat-khau")
        assert sign_in(client, PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert sign_in(client, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, staff):
    for _ in range(4):
        sign_in(client, "sai-mat-khau")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "sai-mat-khau")
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["12345678", "password", "thu-ky-123"])
def test_weak_passwords_are_refused(staff, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=staff)


def test_session_and_csrf_cookies_are_not_readable_by_scripts(client, staff):
    response = client.get(LOGIN)
    assert response.cookies[settings.CSRF_COOKIE_NAME]["httponly"]
    response = sign_in(client, PASSWORD)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


class FakeRequest:
    def __init__(self, forwarded="", remote="10.0.0.2"):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_without_a_trusted_proxy_only_the_connection_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(FakeRequest("1.2.3.4")) == "10.0.0.2"


def test_behind_one_proxy_a_forged_forwarded_address_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "1.2.3.4" itself; the proxy appended the real address.
    assert client_ip(FakeRequest("1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(FakeRequest()) == "10.0.0.2"
