"""A small SOAP service unlike SAP, served in tests to prove the engine is generic.

Different service, port and operation names, a page object with a ``more`` flag, result codes
instead of message tables, and dates on the wire as ``YYYYMMDD``."""

from __future__ import annotations

from spyne import Application, Array, Boolean, ComplexModel, Integer, ServiceBase, Unicode, rpc
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication

NAMESPACE = "urn:example:people"
URL = "http://people.test"
PATH = "/soap/people"


class PersonSummary(ComplexModel):
    __namespace__ = NAMESPACE
    login = Unicode


class PeoplePage(ComplexModel):
    __namespace__ = NAMESPACE
    people = Array(PersonSummary)
    more = Boolean


class Person(ComplexModel):
    __namespace__ = NAMESPACE
    login = Unicode
    given = Unicode
    family = Unicode
    leaves = Unicode  # YYYYMMDD, empty when open-ended


class Outcome(ComplexModel):
    __namespace__ = NAMESPACE
    code = Integer
    text = Unicode


class PeopleDirectory(ServiceBase):
    @rpc(Unicode, Integer, _returns=PeoplePage)
    def ListPeople(ctx, after, limit):  # noqa: N802 - SOAP operation names
        people = ctx.app.people
        logins = sorted(login for login in people if login > (after or ""))
        page = logins[: limit or 10]
        return PeoplePage(people=[PersonSummary(login=x) for x in page], more=len(logins) > len(page))

    @rpc(Unicode, _returns=Person)
    def ReadPerson(ctx, login):  # noqa: N802
        return Person(**ctx.app.people[login])

    @rpc(Person, Unicode, _returns=Outcome)
    def HirePerson(ctx, person, secret):  # noqa: N802
        if person.login in ctx.app.people:
            return Outcome(code=409, text=f"{person.login} is already on staff")
        ctx.app.people[person.login] = {
            k: getattr(person, k) or "" for k in ("login", "given", "family", "leaves")
        }
        ctx.app.secrets[person.login] = secret
        return Outcome(code=0, text="hired")

    @rpc(Person, _returns=Outcome)
    def AmendPerson(ctx, person):  # noqa: N802
        if person.login not in ctx.app.people:
            return Outcome(code=404, text=f"nobody called {person.login}")
        ctx.app.people[person.login] = {
            k: getattr(person, k) or "" for k in ("login", "given", "family", "leaves")
        }
        return Outcome(code=0, text="amended")

    @rpc(Unicode, _returns=Outcome)
    def RetirePerson(ctx, login):  # noqa: N802
        if ctx.app.people.pop(login, None) is None:
            return Outcome(code=404, text=f"nobody called {login}")
        return Outcome(code=0, text="retired")


def create_people_app() -> WsgiApplication:
    """A fresh service; ``app.people`` and ``app.secrets`` are its state."""
    application = Application(
        [PeopleDirectory],
        tns=NAMESPACE,
        name="PeopleDirectory",
        in_protocol=Soap11(validator="lxml"),
        out_protocol=Soap11(),
    )
    application.people = {}
    application.secrets = {}
    wsgi = WsgiApplication(application)
    wsgi.people = application.people
    wsgi.secrets = application.secrets
    return wsgi
