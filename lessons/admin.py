from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Course, Lesson, ReadingAssignment, ReadingProgress


class LessonInline(admin.TabularInline):
    model = Lesson
    fields = ["position", "title", "slug", "is_published"]
    extra = 0
    show_change_link = True
    ordering = ["position"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview"]

    @admin.display(description=_("Preview of the overview"))
    def preview(self, course):
        return course.overview_html if course.pk else "—"

    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position", "is_published", "updated_at"]
    list_editable = ["position", "is_published"]
    list_filter = ["course", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview"]
    actions = ["publish", "unpublish"]

    @admin.display(description=_("Preview (as students see it, once saved)"))
    def preview(self, lesson):
        return lesson.body_html if lesson.pk else "—"

    @admin.action(description=_("Publish the selected lessons"))
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        self.message_user(
            request,
            ngettext("%(count)d lesson published.", "%(count)d lessons published.", count)
            % {"count": count},
        )

    @admin.action(description=_("Unpublish the selected lessons (students no longer see them)"))
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(
            request,
            ngettext("%(count)d lesson unpublished.", "%(count)d lessons unpublished.", count)
            % {"count": count},
        )


@admin.register(ReadingAssignment)
class ReadingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "classroom", "course", "lesson", "available_from", "due_at"]
    list_filter = ["classroom", "course"]
    autocomplete_fields = ["classroom"]
    raw_id_fields = ["lesson", "assigned_by"]


@admin.register(ReadingProgress)
class ReadingProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "first_opened_at", "last_opened_at", "finished_at"]
    list_filter = ["lesson__course", "lesson"]
    search_fields = ["user__username", "user__full_name"]
    raw_id_fields = ["user", "lesson"]
