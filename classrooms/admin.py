from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Classroom, Membership


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
