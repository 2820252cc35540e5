"""The editorial workflow: states, who may move an article, the buttons, the log."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meetings.models import (
    Article,
    ArticleTransition,
    Person,
    RecordChanged,
    Session,
    TransitionNotAllowed,
)
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    SessionFactory,
    local_datetime,
)
from tests.staff import CONTENT_ADMIN, EDITOR, REVIEWER, form_data, staff_user

pytestmark = pytest.mark.django_db

Status = Article.Status
Action = ArticleTransition.Action
NOW = local_datetime(2021, 1, 8, 9, 0)


@pytest.fixture
def editor(django_user_model):
    return staff_user(django_user_model, EDITOR)


@pytest.fixture
def reviewer(django_user_model):
    return staff_user(django_user_model, REVIEWER)


@pytest.fixture
def content_admin(django_user_model):
    return staff_user(django_user_model, CONTENT_ADMIN)


def draft(**fields):
    return ArticleFactory(status=Status.DRAFT, published_at=None, **fields)


def in_review(**fields):
    return ArticleFactory(status=Status.REVIEW, published_at=None, **fields)


def transition_url(article, action):
    return reverse("admin:meetings_article_transition", args=[article.pk, action])


def change_url(article):
    return reverse("admin:meetings_article_change", args=[article.pk])


# The model methods


@time_machine.travel(NOW, tick=False)
def test_submit_moves_a_draft_to_review_and_logs_who_and_when(editor):
    article = draft()

    transition = article.submit(by=editor)

    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert (transition.action, transition.from_status, transition.to_status) == (
        Action.SUBMIT,
        Status.DRAFT,
        Status.REVIEW,
    )
    assert transition.by == editor
    assert transition.created_at == NOW
    assert list(article.transitions.all()) == [transition]


@time_machine.travel(NOW, tick=False)
def test_publish_without_a_time_publishes_now(reviewer):
    article = in_review()

    article.publish(by=reviewer)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == NOW
    assert article.is_public
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publish_at_a_later_time_appears_by_itself_at_that_time(reviewer):
    later = local_datetime(2021, 1, 9, 7, 30)
    with time_machine.travel(NOW, tick=False):
        article = in_review()
        article.publish(by=reviewer, at=later)
        assert article.is_scheduled
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert list(Article.objects.scheduled()) == [article]
    with time_machine.travel(later - datetime.timedelta(minutes=1), tick=False):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(later, tick=False):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert not Article.objects.scheduled().exists()


def test_send_back_returns_the_article_to_draft_with_the_comment(reviewer):
    article = in_review()

    transition = article.send_back(by=reviewer, comment="Sửa lại chức danh.")

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert transition.comment == "Sửa lại chức danh."


def test_withdraw_takes_a_published_article_off_the_site(reviewer):
    article = ArticleFactory()
    assert article.is_public

    article.withdraw(by=reviewer, reason="Sai số liệu.")

    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_withdrawn_article_goes_back_to_draft_before_it_is_published_again(
    reviewer,
):
    article = ArticleFactory(status=Status.WITHDRAWN)
    with pytest.raises(TransitionNotAllowed):
        article.publish(by=reviewer)
    article.send_back(by=reviewer, comment="Sửa số liệu rồi gửi lại.")
    assert article.status == Status.DRAFT


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.REVIEW, "submit"),
        (Status.PUBLISHED, "submit"),
        (Status.DRAFT, "publish"),
        (Status.PUBLISHED, "publish"),
        (Status.WITHDRAWN, "publish"),
        (Status.DRAFT, "send_back"),
        (Status.PUBLISHED, "send_back"),
        (Status.DRAFT, "withdraw"),
        (Status.REVIEW, "withdraw"),
        (Status.WITHDRAWN, "withdraw"),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(
    reviewer, status, action
):
    article = ArticleFactory(status=status)
    before = (article.status, article.published_at, article.version)
    kwargs = {"comment": "x"} if action == "send_back" else {}
    kwargs = {"reason": "x"} if action == "withdraw" else kwargs

    with pytest.raises(TransitionNotAllowed) as refused:
        getattr(article, action)(by=reviewer, **kwargs)

    assert f"đang ở trạng thái “{article.get_status_display()}”" in str(refused.value)
    article.refresh_from_db()
    assert (article.status, article.published_at, article.version) == before
    assert not ArticleTransition.objects.exists()


@pytest.mark.parametrize("action", ["send_back", "withdraw"])
def test_sending_back_or_withdrawing_needs_a_reason(reviewer, action):
    article = ArticleFactory(
        status=Status.REVIEW if action == "send_back" else Status.PUBLISHED
    )
    kwargs = {"comment": "  "} if action == "send_back" else {"reason": ""}

    with pytest.raises(TransitionNotAllowed, match="Hãy ghi rõ lý do"):
        getattr(article, action)(by=reviewer, **kwargs)

    assert not ArticleTransition.objects.exists()


@pytest.mark.parametrize(
    "action", ["publish", "send_back", "withdraw"], ids=lambda a: a
)
def test_an_editor_may_not_decide_even_through_the_model(editor, action):
    article = ArticleFactory(
        status=Status.PUBLISHED if action == "withdraw" else Status.REVIEW
    )
    kwargs = {"publish": {}, "send_back": {"comment": "x"}, "withdraw": {"reason": "x"}}

    with pytest.raises(PermissionDenied):
        getattr(article, action)(by=editor, **kwargs[action])

    assert Article.objects.get(pk=article.pk).status == article.status


def test_a_step_taken_on_a_version_since_changed_is_refused(reviewer):
    article = in_review()
    seen = article.version
    Article.objects.get(pk=article.pk).save()  # someone edits the text meanwhile

    with pytest.raises(RecordChanged):
        article.publish(by=reviewer, version=seen)

    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


# The permission matrix, through the admin

ROLES = ["anonymous", "editor", "reviewer", "content_admin"]
# Which roles may take each step (from a state the step starts from).
MAY = {
    Action.SUBMIT: {"editor", "reviewer", "content_admin"},
    Action.PUBLISH: {"reviewer"},
    Action.SEND_BACK: {"reviewer"},
    Action.WITHDRAW: {"reviewer"},
}
START = {
    Action.SUBMIT: Status.DRAFT,
    Action.PUBLISH: Status.REVIEW,
    Action.SEND_BACK: Status.REVIEW,
    Action.WITHDRAW: Status.PUBLISHED,
}
END = {
    Action.SUBMIT: Status.REVIEW,
    Action.PUBLISH: Status.PUBLISHED,
    Action.SEND_BACK: Status.DRAFT,
    Action.WITHDRAW: Status.WITHDRAWN,
}


USERNAMES = {
    "editor": f"user-{EDITOR}",
    "reviewer": f"user-{REVIEWER}",
    "content_admin": f"user-{CONTENT_ADMIN}",
}


def log_in(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize("action", list(MAY), ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_the_workflow_steps(client, request, role, action):
    article = ArticleFactory(status=START[action])
    log_in(client, request, role)

    response = client.post(
        transition_url(article, action),
        {"version": article.version, "comment": "Lý do cụ thể."},
    )

    article.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert article.status == START[action]
    elif role in MAY[action]:
        assert response.status_code == 302
        assert response["Location"] == change_url(article)
        assert article.status == END[action]
        assert article.transitions.get().by.username == USERNAMES[role]
    else:
        assert response.status_code == 403
        assert article.status == START[action]
        assert not article.transitions.exists()


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_the_admin_home(client, request, role):
    log_in(client, request, role)
    response = client.get(reverse("admin:index"))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_editing_a_session(client, request, role):
    session = SessionFactory(place="Phòng họp cũ")
    url = reverse("admin:meetings_session_change", args=[session.pk])
    admin_client = log_in(client, request, role if role != "anonymous" else "reviewer")
    data = form_data(admin_client.get(url), "session_form")
    data["place"] = "Phòng họp mới"
    if role == "anonymous":
        client.logout()

    response = client.post(url, data)

    session.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert session.place == "Phòng họp cũ"
    else:
        assert response.status_code == 302, response.context["errors"]
        assert session.place == "Phòng họp mới"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_editing_an_official(client, request, role):
    person = PersonFactory(given_name="Lợi")
    url = reverse("admin:meetings_person_change", args=[person.pk])
    log_in(client, request, "content_admin")
    data = form_data(client.get(url), "person_form")
    data["given_name"] = "Lợi Sửa"
    client.logout()
    log_in(client, request, role)

    response = client.post(url, data)

    person.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302
        assert person.given_name == "Lợi"
    elif role == "content_admin":
        assert response.status_code == 302
        assert person.given_name == "Lợi Sửa"
    else:
        # Editors and reviewers only read officials (to pick them in forms).
        assert response.status_code == 403
        assert person.given_name == "Lợi"


# The article change page and its buttons


def test_an_editor_sees_only_the_submit_button_on_a_draft(client, editor):
    article = draft()
    client.force_login(editor)

    page = client.get(change_url(article)).content.decode()

    assert transition_url(article, Action.SUBMIT) in page
    assert ">Gửi duyệt</button>" in page
    for action in (Action.PUBLISH, Action.SEND_BACK, Action.WITHDRAW):
        assert transition_url(article, action) not in page


def test_a_reviewer_sees_publish_and_send_back_on_an_article_in_review(
    client, reviewer
):
    article = in_review()
    client.force_login(reviewer)

    page = client.get(change_url(article)).content.decode()

    assert ">Xuất bản</button>" in page
    assert 'type="datetime-local" name="publish_at"' in page
    assert ">Trả lại biên tập</button>" in page
    assert transition_url(article, Action.SUBMIT) not in page
    assert transition_url(article, Action.WITHDRAW) not in page


def test_a_reviewer_sees_withdraw_on_a_published_article(client, reviewer):
    article = ArticleFactory()
    client.force_login(reviewer)

    page = client.get(change_url(article)).content.decode()

    assert ">Gỡ xuống</button>" in page
    assert transition_url(article, Action.PUBLISH) not in page


def test_an_editor_cannot_publish_through_the_form(client, editor):
    article = draft(title="Tin nháp")
    client.force_login(editor)
    data = form_data(client.get(change_url(article)), "article_form")
    data.update(status=Status.PUBLISHED, published_at="2021-01-01 08:00")

    response = client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.published_at is None


def test_an_editor_may_read_but_not_change_an_article_in_review(client, editor):
    article = in_review(title="Tin chờ duyệt")
    client.force_login(editor)
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert "Tin chờ duyệt" in response.content.decode()
    data = form_data(response, "article_form")
    data["title"] = "Sửa lén"

    assert client.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.title == "Tin chờ duyệt"


def test_an_editor_may_not_delete_a_published_article(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    url = reverse("admin:meetings_article_delete", args=[article.pk])

    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_publishing_from_the_button_at_a_chosen_time_schedules_it(client, reviewer):
    article = in_review(title="Tin hẹn giờ")
    client.force_login(reviewer)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            transition_url(article, Action.PUBLISH),
            {"version": article.version, "publish_at": "2021-01-09T07:30"},
            follow=True,
        )
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        assert article.published_at == local_datetime(2021, 1, 9, 7, 30)
        assert "tin sẽ tự hiện trên trang lúc 07:30 ngày 09/01/2021" in (
            response.content.decode()
        )
        client.logout()
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(local_datetime(2021, 1, 9, 7, 30), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_a_step_from_the_wrong_state_through_the_button_says_why(client, reviewer):
    article = draft()
    client.force_login(reviewer)

    response = client.post(
        transition_url(article, Action.PUBLISH),
        {"version": article.version},
        follow=True,
    )

    assert "Không thể “Xuất bản” tin bài đang ở trạng thái “Nháp”" in (
        response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_button_posted_from_a_stale_page_is_refused(client, reviewer):
    article = in_review()
    seen = article.version
    Article.objects.get(pk=article.pk).save()
    client.force_login(reviewer)

    response = client.post(
        transition_url(article, Action.PUBLISH), {"version": seen}, follow=True
    )

    assert "đã được người khác sửa" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_send_back_without_a_comment_is_refused(client, reviewer):
    article = in_review()
    client.force_login(reviewer)

    response = client.post(
        transition_url(article, Action.SEND_BACK),
        {"version": article.version, "comment": ""},
        follow=True,
    )

    assert "Hãy ghi rõ lý do" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_a_workflow_step_is_post_only(client, reviewer):
    article = in_review()
    client.force_login(reviewer)
    assert client.get(transition_url(article, Action.PUBLISH)).status_code == 405
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW


def test_an_unknown_step_is_not_found(client, reviewer):
    article = in_review()
    client.force_login(reviewer)
    assert client.post(transition_url(article, "xoa-het")).status_code == 404


def test_the_review_log_is_shown_read_only_on_the_article(client, editor, reviewer):
    article = draft()
    article.submit(by=editor)
    article.send_back(by=reviewer, comment="Bổ sung ảnh.")
    client.force_login(editor)

    response = client.get(change_url(article))

    page = response.content.decode()
    assert "Lịch sử duyệt tin" in page
    assert "Bổ sung ảnh." in page
    assert 'name="transitions-0-comment"' not in page


def test_each_step_is_in_the_admin_log_and_the_history(client, reviewer):
    article = in_review()
    client.force_login(reviewer)
    client.post(transition_url(article, Action.PUBLISH), {"version": article.version})

    history = client.get(
        reverse("admin:meetings_article_history", args=[article.pk])
    ).content.decode()

    assert "Xuất bản" in history
    assert reviewer.username in history


# The admin home


def test_the_admin_home_shows_what_awaits_review_and_what_is_scheduled(
    client, editor, reviewer
):
    with time_machine.travel(NOW, tick=False):
        waiting = draft(title="Tin đang chờ duyệt")
        waiting.submit(by=editor)
        scheduled = in_review(title="Tin hẹn giờ sáng mai")
        scheduled.publish(by=reviewer, at=NOW + datetime.timedelta(days=1))
        ArticleFactory(title="Tin đã đăng từ trước")
        sent_back = in_review(title="Tin bị trả lại")
        sent_back.send_back(by=reviewer, comment="Thiếu kết luận.")
        client.force_login(editor)

        page = client.get(reverse("admin:index")).content.decode()

    assert "Tin chờ duyệt" in page and "Tin đang chờ duyệt" in page
    assert f"bởi {editor.username}" in page
    assert "Tin hẹn giờ sáng mai" in page and "09:00 09/01/2021" in page
    assert "Tin bị trả lại" in page and "Thiếu kết luận." in page
    assert "Tin đã đăng từ trước" not in page


@pytest.mark.parametrize("count", [1, 6])
def test_the_admin_home_runs_a_fixed_number_of_queries(
    client, reviewer, django_assert_num_queries, count
):
    for _ in range(count):
        in_review()
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
        draft().transitions.create(
            action=Action.SEND_BACK,
            from_status=Status.REVIEW,
            to_status=Status.DRAFT,
            by=reviewer,
            comment="x",
        )
    client.force_login(reviewer)
    # 1 session, 2 user, 3 the user's own permissions, 4 their groups'
    # permissions, 5 articles awaiting review (category joined, latest
    # submission by subquery), 6 scheduled articles, 7 articles sent back,
    # 8 the recent actions in the sidebar.
    with django_assert_num_queries(8):
        client.get(reverse("admin:index"))


def test_session_and_person_models_are_versioned():
    assert Session._meta.get_field("version")
    assert Person._meta.get_field("version")
