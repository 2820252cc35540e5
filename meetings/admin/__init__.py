"""Staff editing in Vietnamese: one module per area of the admin."""

from django.contrib import admin

from meetings.admin import people, photos, publishing, sessions  # noqa: F401

admin.site.site_header = "Quản trị hồ sơ phiên họp HĐND"
admin.site.site_title = "Quản trị HĐND"
admin.site.index_title = "Hồ sơ phiên họp và tin tức"
