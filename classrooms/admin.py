from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import roster, services
from .models import Classroom, Membership


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with commas or semicolons between the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > roster.MAX_ROSTER_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d KB: split it into several files."),
                code="too_large",
                params={"size": roster.MAX_ROSTER_BYTES // 1024},
            )
        return file


class RosterConfirmForm(forms.Form):
    # The checked file, posted back and checked again: nothing from the preview is trusted.
    csv_text = forms.CharField(strip=False, widget=forms.HiddenInput)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "join_code"]
    list_filter = ["school_year"]
    search_fields = ["name", "join_code"]
    readonly_fields = ["join_code", "created_at"]
    inlines = [MembershipInline]
    actions = ["reset_join_codes"]

    def get_readonly_fields(self, request, obj=None):
        # A new class gets its code when it is saved: showing one before would show another.
        return self.readonly_fields if obj else ["created_at"]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_roster_view),
                name="classrooms_classroom_import_roster",
            ),
            *super().get_urls(),
        ]

    def has_import_roster_permission(self, request) -> bool:
        """Importing adds accounts and memberships as well as using classes."""
        perms = [
            f"{model._meta.app_label}.{get_permission_codename('add', model._meta)}"
            for model in (get_user_model(), Membership)
        ]
        return self.has_add_permission(request) and request.user.has_perms(perms)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_import_roster": self.has_import_roster_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def import_roster_view(self, request):
        if not self.has_import_roster_permission(request):
            raise PermissionDenied
        form = RosterUploadForm()
        preview = None
        if request.method == "POST" and "confirm" in request.POST:
            confirm_form = RosterConfirmForm(request.POST)
            if confirm_form.is_valid():
                preview = roster.parse_roster(confirm_form.cleaned_data["csv_text"].encode())
                if preview.is_valid:
                    result = roster.import_roster(rows=preview.rows)
                    self.message_user(
                        request,
                        gettext("The class list is imported. %(result)s") % {"result": result},
                        messages.SUCCESS,
                    )
                    return redirect("admin:classrooms_classroom_changelist")
        elif request.method == "POST":
            form = RosterUploadForm(request.POST, request.FILES)
            if form.is_valid():
                preview = roster.parse_roster(form.cleaned_data["file"].read())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import class list"),
            "form": form,
            "preview": preview,
            "confirm_form": RosterConfirmForm(initial={"csv_text": preview.text})
            if preview and preview.is_valid
            else None,
            "column_aliases": roster.COLUMN_ALIASES,
        }
        return TemplateResponse(request, "admin/classrooms/roster_import.html", context)

    @admin.action(description=_("Give the selected classes new join codes"))
    def reset_join_codes(self, request, queryset):
        for classroom in queryset:
            services.reset_join_code(classroom=classroom)
        self.message_user(request, _("New join codes are set; the old ones no longer work."))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "classroom", "role", "joined_at"]
    list_filter = ["role", "classroom"]
    search_fields = ["user__username", "user__full_name", "classroom__name"]
    autocomplete_fields = ["user", "classroom"]
