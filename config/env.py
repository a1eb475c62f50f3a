"""Environment parsing for settings: bad values fail fast at start-up."""

from django.core.exceptions import ImproperlyConfigured
from environs import Env, EnvError

_env = Env()


class _StrictEnv:
    """Wraps environs so any bad or missing value raises ImproperlyConfigured."""

    def __getattr__(self, name):
        parser = getattr(_env, name)

        def parse(key, *args, **kwargs):
            try:
                return parser(key, *args, **kwargs)
            except EnvError as exc:
                raise ImproperlyConfigured(f"Environment variable {key}: {exc}") from exc

        return parse


env = _StrictEnv()
