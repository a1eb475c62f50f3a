from django.urls import path

from athletes import views_invite

# Included into the "athletes" namespace by athletes/urls.py.
urlpatterns = [
    path("athletes/<int:athlete_id>/invite/", views_invite.invite_create, name="invite_create"),
    path("invite/<str:token>/", views_invite.invite_accept, name="invite_accept"),
]
