"""Builders of public-site data at a chosen size, for the page and query tests."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import Article, Attendance, Document, Organization, Session
from tests.factories import (
    AgendaItemFactory,
    ArticleFactory,
    AttendanceFactory,
    CategoryFactory,
    OrganizationFactory,
    PersonFactory,
    PhotoFactory,
    PositionFactory,
    RoleFactory,
    SessionFactory,
    TaskFactory,
    local_datetime,
)


def published_articles(count: int, *, category=None, photos: int = 1, **fields):
    """Create count published articles, newest last, each with photos."""
    category = category or CategoryFactory()
    now = timezone.now()
    articles = []
    for index in range(count):
        article = ArticleFactory(
            category=category,
            published_at=now - datetime.timedelta(hours=count - index),
            **fields,
        )
        for order in range(photos):
            PhotoFactory(session=None, article=article, order=order)
        articles.append(article)
    return articles


def held_sessions(count: int, *, organization=None, with_article: bool = False):
    """Create count held thematic sessions of one body, a day apart."""
    organization = organization or OrganizationFactory(
        kind=Organization.Kind.STANDING_COMMITTEE
    )
    sessions = []
    for index in range(count):
        session = SessionFactory(
            organization=organization,
            kind=Session.Kind.THEMATIC,
            period_year=None,
            period_month=None,
            subject=f"chủ đề {index}",
            starts_at=local_datetime(2021, 1, 1, 8) + datetime.timedelta(days=index),
        )
        if with_article:
            ArticleFactory(session=session)
        sessions.append(session)
    return sessions


def session_record(size: int, *, organization=None) -> Session:
    """Create a held session whose every part holds size rows.

    size attendees (one presiding, one absent when size > 2), size agenda
    items each with a document, size tasks, size photos and other attendee
    groups, and a published article.
    """
    organization = organization or OrganizationFactory(
        name="Thường trực Hội đồng nhân dân tỉnh",
        short_name="Thường trực HĐND tỉnh",
        kind=Organization.Kind.STANDING_COMMITTEE,
    )
    session = SessionFactory(
        organization=organization,
        period_year=2021,
        period_month=1,
        starts_at=local_datetime(2021, 1, 7, 8),
        place="Phòng họp số 1",
        conclusion="đề nghị các cơ quan tiếp thu ý kiến.",
        other_attendees="\n".join(f"nhóm tham dự {n}" for n in range(size)),
    )
    responsible = OrganizationFactory(name="Ủy ban nhân dân tỉnh", short_name="UBND")
    role = RoleFactory(name="Phó Chủ tịch", precedence=50)
    for index in range(size):
        person = PersonFactory(given_name=f"Người{index}")
        PositionFactory(person=person, organization=organization, role=role)
        if index == 0:
            attendance_role = Attendance.Role.PRESIDING
            session.concluded_by = person
            session.save()
        elif index == 1 and size > 2:
            attendance_role = Attendance.Role.ABSENT
        else:
            attendance_role = Attendance.Role.ATTENDING
        AttendanceFactory(
            session=session, person=person, role=attendance_role, order=index
        )
        item = AgendaItemFactory(
            session=session, order=index, presenter=person, summary="Tóm tắt."
        )
        document = Document(
            session=session,
            agenda_item=item,
            number=f"{index + 1}/BC-HĐND",
            title=f"Báo cáo số {index}",
            original_filename=f"bao-cao-{index}.pdf",
            file_size=1234567,
        )
        document.file.save(f"bao-cao-{index}.pdf", ContentFile(b"%PDF-1.4"))
        TaskFactory(
            session=session,
            order=index,
            responsible=responsible,
            due_on=datetime.date(2021, 6, 30),
        )
        PhotoFactory(session=session, order=index, body_position=None)
    ArticleFactory(session=session, status=Article.Status.PUBLISHED)
    return session


def officials(count: int, *, organizations: int = 3):
    """Create count people holding current positions across a few bodies."""
    bodies = [
        OrganizationFactory(name=f"Cơ quan {n}", precedence=10 * (n + 1))
        for n in range(organizations)
    ]
    role = RoleFactory(name="Ủy viên", precedence=80)
    people = []
    for index in range(count):
        person = PersonFactory(given_name=f"Tên{index:03d}")
        body = bodies[index % organizations]
        PositionFactory(person=person, organization=body, role=role)
        people.append(person)
    return people
