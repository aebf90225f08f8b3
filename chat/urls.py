from django.urls import path

from chat import views

app_name = "widget"

urlpatterns = [
    path("session", views.widget_session, name="session"),
    path("frame/", views.widget_frame, name="frame"),
    path("demo/", views.widget_demo, name="demo"),
]
