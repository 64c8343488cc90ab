"""The small Qt layer that runs API calls off the UI thread and reports through queued signals.

    scope = TaskScope(context.bridge, owner=self)           # one per view
    scope.run("Load apps", lambda token: client.get_apps(),
              on_finished=self.show_apps, on_failed=self.show_error)

Handlers run on the UI thread, and only while the owner lives and the task was not cancelled.
"""

from onesignal_desktop.bridge.bridge import DEFAULT_PARALLEL, Bridge, TaskScope
from onesignal_desktop.bridge.cancel import Cancelled, CancelToken
from onesignal_desktop.bridge.task import Task

__all__ = ["DEFAULT_PARALLEL", "Bridge", "CancelToken", "Cancelled", "Task", "TaskScope"]
