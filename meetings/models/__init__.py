from meetings.models.house_style import HouseStyle
from meetings.models.organizations import Organization, Person, Position, Role, Term
from meetings.models.publishing import Article, Category, Photo
from meetings.models.sessions import AgendaItem, Attendance, Document, Session, Task

__all__ = [
    "AgendaItem",
    "Article",
    "Attendance",
    "Category",
    "Document",
    "HouseStyle",
    "Organization",
    "Person",
    "Photo",
    "Position",
    "Role",
    "Session",
    "Task",
    "Term",
]
