"""JSON lines for the log collector: one object per record, with the request when there is one."""

import json
import logging
from datetime import UTC, datetime


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request and django.security pass the request and the status they answered with.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            user = getattr(request, "user", None)
            entry["method"] = request.method
            entry["path"] = request.path
            entry["user_id"] = getattr(user, "pk", None)
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
