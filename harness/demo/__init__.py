"""``provlab demo``: the whole provisioning story on embedded defaults."""

from .story import Chapter, Narrator, StoryResult, tell_story

__all__ = ["Chapter", "Narrator", "StoryResult", "tell_story"]
