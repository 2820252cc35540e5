"""The "Tạo bản tin" button and action: a session's record becomes a draft article."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from meetings import demo
from meetings.models import Article, Category, HouseStyle, Photo, Session
from meetings.services import ArticlePlan, plan_article, word_diff
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def compose_url(session) -> str:
    return reverse("admin:meetings_session_compose", args=[session.pk])


def change_url(session) -> str:
    return reverse("admin:meetings_session_change", args=[session.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def session(demo_article):
    """The demo session with its published article taken away."""
    session = demo_article.session
    demo_article.delete()
    return Session.objects.get(pk=session.pk)


@pytest.fixture
def draft_article(session, admin_client):
    """The demo session's article as a draft an editor has since worked on."""
    admin_client.post(compose_url(session))
    article = Article.objects.get(session=session)
    article.title = "Tiêu đề do biên tập viên sửa"
    article.body = article.body.replace(
        demo.RESULTS_SUMMARY, "Đoạn biên tập viên viết lại."
    )
    article.save()
    return article


def user_with(django_user_model, *codenames, username="nguoidung"):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="meetings", codename__in=codenames
        )
    )
    return user


# The button ------------------------------------------------------------------


def test_the_session_page_has_the_button(admin_client, session):
    page = admin_client.get(change_url(session)).content.decode()

    assert "Tạo bản tin" in page
    assert f'action="{compose_url(session)}"' in page


def test_the_button_turns_the_demo_record_into_a_draft_like_the_seed(
    admin_client, session
):
    Photo.objects.filter(session=session).update(caption="", body_position=None)

    response = admin_client.post(compose_url(session))

    article = Article.objects.get(session=session)
    assert response.status_code == 302
    assert response.url == reverse("admin:meetings_article_change", args=[article.pk])
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.category == Category.objects.get(slug="tong-hop")
    assert article.title == demo.ARTICLE_TITLE
    assert article.lead == demo.ARTICLE_LEAD
    assert article.paragraphs[0] == demo.ATTENDANCE_PARAGRAPH
    assert article.paragraphs[1] == demo.RESULTS_SUMMARY
    assert article.paragraphs[-1] == demo.CONCLUSION_PARAGRAPH
    assert article.slug == demo.ARTICLE_SLUG
    photos = Photo.objects.filter(session=session).order_by("order")
    assert [(p.body_position, p.caption) for p in photos] == [
        (0, "Toàn cảnh phiên họp"),
        (
            1,
            "Phó Chủ tịch Thường trực HĐND tỉnh Đặng Thanh Sơn trình bày báo cáo "
            "tại phiên họp",
        ),
        (5, "Chủ tịch HĐND tỉnh Phạm Sỹ Lợi kết luận phiên họp"),
    ]
    assert messages_of(response) == [
        f"Đã tạo bản tin nháp “{demo.ARTICLE_TITLE}” từ hồ sơ phiên họp. Vui lòng "
        "biên tập trước khi xuất bản."
    ]


def test_a_caption_typed_by_staff_is_kept(admin_client, session):
    photos = list(Photo.objects.filter(session=session).order_by("order"))
    Photo.objects.filter(pk=photos[0].pk).update(caption="Quang cảnh hội trường")
    Photo.objects.filter(pk=photos[1].pk).update(caption="")

    admin_client.post(compose_url(session))

    captions = [p.caption for p in Photo.objects.filter(session=session)]
    assert "Quang cảnh hội trường" in captions
    assert "Toàn cảnh phiên họp" not in captions
    assert Photo.objects.get(pk=photos[1].pk).caption.startswith(
        "Phó Chủ tịch Thường trực HĐND tỉnh Đặng Thanh Sơn"
    )


def test_the_draft_goes_to_an_existing_tổng_hợp_category(admin_client, session):
    category = Category.objects.get(slug="tong-hop")

    admin_client.post(compose_url(session))

    assert Article.objects.get(session=session).category == category
    assert Category.objects.filter(name="Tổng hợp").count() == 1


def test_the_category_is_created_when_missing(admin_client, standing_committee):
    meeting = SessionFactory(organization=standing_committee)

    admin_client.post(compose_url(meeting))

    article = Article.objects.get(session=meeting)
    assert (article.category.slug, article.category.name) == ("tong-hop", "Tổng hợp")


def test_the_draft_follows_the_active_house_style(admin_client, session):
    HouseStyle.objects.get(is_active=False).activate()

    admin_client.post(compose_url(session))

    article = Article.objects.get(session=session)
    assert article.paragraphs[0].startswith("Dự họp có các đồng chí: Đặng Thanh Sơn, ")


def test_opening_the_page_writes_nothing(admin_client, session):
    response = admin_client.get(compose_url(session))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sẽ tạo một tin bài nháp mới" in page
    assert demo.ARTICLE_LEAD in page
    assert not Article.objects.filter(session=session).exists()


# Refreshing an unpublished article ---------------------------------------------


def test_an_unpublished_article_is_refreshed_only_after_confirmation(
    admin_client, session, draft_article
):
    response = admin_client.post(compose_url(session))

    assert response.status_code == 200
    page = response.content.decode()
    assert "sẽ được cập nhật" in page
    assert "<del>Tiêu đề do biên tập viên sửa</del>" in page
    assert "Đoạn biên tập viên viết lại." in page
    unchanged = Article.objects.get(pk=draft_article.pk)
    assert unchanged.title == "Tiêu đề do biên tập viên sửa"

    fingerprint = response.context["fingerprint"]
    response = admin_client.post(
        compose_url(session), {"confirm": "yes", "fingerprint": fingerprint}
    )

    refreshed = Article.objects.get(pk=draft_article.pk)
    assert response.status_code == 302
    assert refreshed.title == demo.ARTICLE_TITLE
    assert refreshed.paragraphs[1] == demo.RESULTS_SUMMARY
    assert (refreshed.slug, refreshed.status, refreshed.category_id) == (
        draft_article.slug,
        Article.Status.DRAFT,
        draft_article.category_id,
    )
    assert messages_of(response)[-1].startswith(
        f"Đã cập nhật tin bài “{demo.ARTICLE_TITLE}” theo hồ sơ phiên họp."
    )


def test_a_confirmation_for_an_older_state_is_shown_again(
    admin_client, session, draft_article
):
    response = admin_client.post(compose_url(session))
    fingerprint = response.context["fingerprint"]
    Article.objects.filter(pk=draft_article.pk).update(lead="Sa pô sửa lúc khác.")
    Article.objects.get(pk=draft_article.pk).save()  # a new updated_at

    response = admin_client.post(
        compose_url(session), {"confirm": "yes", "fingerprint": fingerprint}
    )

    assert response.status_code == 200
    assert "vừa thay đổi" in response.content.decode()
    assert Article.objects.get(pk=draft_article.pk).lead == "Sa pô sửa lúc khác."


def test_a_review_article_is_refreshed_too(admin_client, session, draft_article):
    Article.objects.filter(pk=draft_article.pk).update(status=Article.Status.REVIEW)
    fingerprint = admin_client.post(compose_url(session)).context["fingerprint"]

    admin_client.post(
        compose_url(session), {"confirm": "yes", "fingerprint": fingerprint}
    )

    refreshed = Article.objects.get(pk=draft_article.pk)
    assert (refreshed.title, refreshed.status) == (
        demo.ARTICLE_TITLE,
        Article.Status.REVIEW,
    )


def test_an_article_that_matches_the_record_is_left_alone(admin_client, session):
    admin_client.post(compose_url(session))
    before = Article.objects.get(session=session).updated_at

    response = admin_client.post(compose_url(session))

    assert response.status_code == 302
    assert Article.objects.get(session=session).updated_at == before
    assert "không có gì thay đổi" in messages_of(response)[-1]


def test_the_plan_lists_the_paragraph_changes(session, draft_article):
    plan = plan_article(session=session)

    assert plan.action == ArticlePlan.REFRESH
    assert plan.title_changed and not plan.lead_changed and plan.body_changed
    kinds = [change.kind for change in plan.paragraph_changes]
    assert kinds.count("sua") == 1
    assert kinds.count("giu_nguyen") == len(plan.draft.paragraphs) - 1
    rewritten = next(c for c in plan.paragraph_changes if c.kind == "sua")
    assert (rewritten.old, rewritten.new) == (
        "Đoạn biên tập viên viết lại.",
        demo.RESULTS_SUMMARY,
    )


def test_word_diff_gives_back_both_texts():
    old, new = "Phiên họp tháng 12 của HĐND", "Phiên họp tháng 01 năm 2021 của HĐND"

    runs = word_diff(old, new)

    assert "".join(t for k, t in runs if k != "insert") == old
    assert "".join(t for k, t in runs if k != "delete") == new
    assert ("delete", "12 ") in runs


# Published articles are never overwritten --------------------------------------


@pytest.mark.parametrize(
    ("status", "label"),
    [(Article.Status.PUBLISHED, "Đã xuất bản"), (Article.Status.WITHDRAWN, "Gỡ xuống")],
)
def test_a_published_article_is_never_overwritten(
    admin_client, session, draft_article, status, label
):
    Article.objects.filter(pk=draft_article.pk).update(
        status=status, published_at=draft_article.created_at
    )
    Photo.objects.filter(session=session).update(caption="", body_position=None)

    for data in ({}, {"confirm": "yes", "fingerprint": "x"}):
        response = admin_client.post(compose_url(session), data)

        assert response.status_code == 302
        assert response.url == change_url(session)
        assert messages_of(response)[-1] == (
            "Tin bài “Tiêu đề do biên tập viên sửa” đang ở trạng thái "
            f"“{label}”: nội dung đã biên tập không bị ghi đè. Hãy sửa trực tiếp "
            "trong tin bài nếu cần."
        )
    article = Article.objects.get(pk=draft_article.pk)
    assert article.title == "Tiêu đề do biên tập viên sửa"
    assert not Photo.objects.filter(session=session).exclude(caption="").exists()


def test_the_demo_article_as_published_stays_as_it_is(admin_client, demo_article):
    response = admin_client.post(compose_url(demo_article.session))

    assert response.status_code == 302
    article = Article.objects.get(pk=demo_article.pk)
    assert (article.title, article.lead, article.body) == (
        demo.ARTICLE_TITLE,
        demo.ARTICLE_LEAD,
        demo.ARTICLE_BODY,
    )


# Permissions --------------------------------------------------------------------


@pytest.mark.parametrize(
    "codenames",
    [
        ("view_session",),
        ("view_session", "change_session"),
        ("view_session", "change_session", "change_article"),
        ("view_session", "add_article", "change_article"),
    ],
    ids=["view-only", "no-article-rights", "cannot-add-article", "cannot-edit-session"],
)
def test_without_permission_there_is_no_button_and_no_article(
    client, django_user_model, session, codenames
):
    client.force_login(user_with(django_user_model, *codenames))

    page = client.get(change_url(session)).content.decode()
    changelist = client.get(reverse("admin:meetings_session_changelist"))
    response = client.post(compose_url(session))
    run_action(client, [session])

    assert "Tạo bản tin" not in page
    assert 'value="compose_articles"' not in changelist.content.decode()
    assert response.status_code == 403
    assert not Article.objects.filter(session=session).exists()


def test_an_editor_may_compose(client, django_user_model, session):
    editor = django_user_model.objects.create_user(
        "bientap", password="x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    client.force_login(editor)

    response = client.post(compose_url(session))

    assert response.status_code == 302
    assert Article.objects.filter(session=session).exists()


def test_anonymous_users_are_sent_to_the_login(client, session):
    response = client.post(compose_url(session))

    assert response.status_code == 302
    assert reverse("admin:login") in response.url
    assert not Article.objects.filter(session=session).exists()


def test_an_unknown_session_redirects_with_a_message(admin_client):
    response = admin_client.post(reverse("admin:meetings_session_compose", args=[0]))

    assert response.status_code == 302
    assert not Article.objects.exists()


# The list action ------------------------------------------------------------------


def other_session(standing_committee_month: int = 2):
    return SessionFactory(
        organization=Session.objects.get(kind="thuong_ky").organization,
        period_year=2021,
        period_month=standing_committee_month,
    )


def run_action(client, sessions, **extra):
    return client.post(
        reverse("admin:meetings_session_changelist"),
        {
            "action": "compose_articles",
            "_selected_action": [s.pk for s in sessions],
            **extra,
        },
    )


def test_the_action_creates_new_drafts_at_once(admin_client, session):
    second = other_session()

    response = run_action(admin_client, [session, second])

    assert response.status_code == 302
    assert Article.objects.filter(session__in=[session, second]).count() == 2
    assert all(
        a.status == Article.Status.DRAFT
        for a in Article.objects.filter(session__in=[session, second])
    )


def test_the_action_confirms_before_refreshing(admin_client, session, draft_article):
    second = other_session()

    response = run_action(admin_client, [session, second])

    assert response.status_code == 200
    page = response.content.decode()
    assert "sẽ được cập nhật" in page and "Sẽ tạo một tin bài nháp mới" in page
    assert 'name="action" value="compose_articles"' in page
    assert not Article.objects.filter(session=second).exists()

    response = run_action(
        admin_client,
        [session, second],
        confirm="yes",
        fingerprint=response.context["fingerprint"],
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=draft_article.pk).title == demo.ARTICLE_TITLE
    assert Article.objects.filter(session=second).exists()


def test_the_action_skips_published_articles(admin_client, demo_article):
    second = other_session()

    response = run_action(admin_client, [demo_article.session, second])

    assert response.status_code == 302
    assert Article.objects.get(pk=demo_article.pk).body == demo.ARTICLE_BODY
    assert Article.objects.filter(session=second).exists()
    assert any("không bị ghi đè" in m for m in messages_of(response))


# House style in the admin -----------------------------------------------------------


def test_the_house_style_action_switches_the_active_style(admin_client, demo_article):
    seed, comrade = (
        HouseStyle.objects.get(is_active=True),
        HouseStyle.objects.get(is_active=False),
    )

    response = admin_client.post(
        reverse("admin:meetings_housestyle_changelist"),
        {"action": "activate_style", "_selected_action": [comrade.pk]},
    )

    assert response.status_code == 302
    assert list(HouseStyle.objects.filter(is_active=True)) == [comrade]
    assert not HouseStyle.objects.get(pk=seed.pk).is_active


def test_the_house_style_action_needs_exactly_one(admin_client, demo_article):
    response = admin_client.post(
        reverse("admin:meetings_housestyle_changelist"),
        {
            "action": "activate_style",
            "_selected_action": list(HouseStyle.objects.values_list("pk", flat=True)),
        },
    )

    assert messages_of(response) == ["Hãy chọn đúng một mẫu văn phong để dùng."]
    assert HouseStyle.objects.filter(is_active=True).count() == 1


def test_the_active_house_style_cannot_be_deleted(admin_client, demo_article):
    active = HouseStyle.objects.get(is_active=True)

    response = admin_client.post(
        reverse("admin:meetings_housestyle_delete", args=[active.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert HouseStyle.objects.filter(pk=active.pk).exists()


def test_a_new_house_style_is_saved_inactive(admin_client, demo_article):
    response = admin_client.post(
        reverse("admin:meetings_housestyle_add"),
        {
            "name": "Mẫu thử",
            "honorific": "dong_chi",
            "name_separator": "dau_phay",
            "title_separator": "gach_ngang",
            "organization_names": "viet_tat",
            "attendance_opening": "du_hop_co",
            "title_form": "thang",
        },
    )

    assert response.status_code == 302
    assert not HouseStyle.objects.get(name="Mẫu thử").is_active
    assert HouseStyle.objects.filter(is_active=True).count() == 1


def test_content_admins_choose_the_house_style_and_editors_only_see_it():
    content_admins = Group.objects.get(name="Quản trị nội dung")
    editors = Group.objects.get(name="Biên tập viên")

    assert content_admins.permissions.filter(codename="change_housestyle").exists()
    assert editors.permissions.filter(codename="view_housestyle").exists()
    assert not editors.permissions.filter(codename="change_housestyle").exists()
