from meetings.models.base import RecordChanged
from meetings.models.house_style import HouseStyle
from meetings.models.organizations import Organization, Person, Position, Role, Term
from meetings.models.publishing import (
    Article,
    ArticleTransition,
    Category,
    Photo,
    TransitionNotAllowed,
)
from meetings.models.search import SearchEntry, SearchWord
from meetings.models.sessions import AgendaItem, Attendance, Document, Session, Task

__all__ = [
    "AgendaItem",
    "Article",
    "ArticleTransition",
    "Attendance",
    "Category",
    "Document",
    "HouseStyle",
    "Organization",
    "Person",
    "Photo",
    "Position",
    "RecordChanged",
    "Role",
    "SearchEntry",
    "SearchWord",
    "Session",
    "Task",
    "Term",
    "TransitionNotAllowed",
]
