from rest_framework.pagination import CursorPagination


class CreatedCursorPagination(CursorPagination):
    ordering = "-created_at"
