"""``provlab load``: Entra-shaped SCIM load on Locust, from one machine or many.

Locust patches the whole interpreter with gevent when it is imported, so it is imported only
in the child processes this command starts (:mod:`.runner`, which loads :mod:`.locustfile`).
Nothing imported from this package's ``__init__``, :mod:`.cli`, :mod:`.spec`, :mod:`.summary`
or :mod:`.consistency` imports Locust or gevent; a test checks it in a fresh interpreter.

The requests are the harness's own: :class:`harness.scim_client.ScimClient` puts them on the
wire, :mod:`harness.mappings` evaluates what they carry, and the provisioning engine's
per-user processor decides which ones Entra sends (probe, filter then POST, GET then PATCH,
soft delete, DELETE).
"""
