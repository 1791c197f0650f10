#!/usr/bin/env python3
"""access_matrix.py: the whole site's access-control matrix, run by access_matrix.sh.

Every route of `zfxxgk routes --json` (the dispatcher's own table, so a new route joins the
matrix by itself, and a route whose path parameters the matrix cannot fill fails it) is tried
by every actor (a visitor; a viewer, clerk, reviewer and administrator of agency 3 and of
agency 1) on an object of each agency: seen from agency 3 these are its own (3), a child (4,
below 3), the parent (1) and a sibling (2). The expected outcome comes from the route's
declared weakest role and the relation: a user acts only on the agencies its roles reach
(its own and those below). Allowed: the handler ran (a page answers 2xx/3xx; a form sent
empty may be refused for its input, not with 401/403/404). Denied: 403 or 404, never 2xx/3xx,
never 5xx. See docs/access-matrix.md.

Usage: access_matrix.py setup|run (environment: ZF_URL, ZF_DB, ZF_BIN, MX_PASSWORD)
Prints TAP points "ok - ..." / "not ok - ..." (access_matrix.sh numbers them).
"""
import glob
import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

DB = os.environ.get("ZF_DB", "")
BIN = os.environ.get("ZF_BIN", "")
PG = DB.startswith("postgres")
# The agency tree of the matrix: the demo's 1 (government) with 2 and 3 below it, and 4 below 3.
PARENT_OF = {1: None, 2: 1, 3: 1, 4: 3}
AGENCIES = [1, 2, 3, 4]
ROLES = ["public", "viewer", "clerk", "reviewer", "admin"]
# (name, login, role, home agency): a visitor; each role of agency 3 (a department with one
# agency below it, one above and a sibling) and of agency 1 (the site's root).
ACTORS = [("visitor", None, "public", None)] + [
    ("%s@%d" % (r, a), "mx_%s%s" % (r, "" if a == 3 else "_root"), r, a)
    for a in (3, 1) for r in ROLES[1:]]
PASSWORD = os.environ.get("MX_PASSWORD", "Matrix-pass-2026")


def psql_binary():
    """The server's own psql: Debian's /usr/bin/psql is a Perl wrapper, slow to start."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"),
                   key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
    return found[-1] if found else "psql"


PSQL = psql_binary() if PG else None


def sql(query):
    """Runs one statement on the test database; returns rows of text fields."""
    if PG:
        cmd = [PSQL, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", DB,
               "-c", query]
    else:
        cmd = ["sqlite3", "-separator", "\t", "-cmd", ".timeout 5000", DB, query]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def one(query):
    rows = sql(query)
    return rows[0][0] if rows and rows[0] and rows[0][0] != "" else None


# ---------------------------------------------------------------- fixtures
# Each kind of object a path parameter names: the SQL that finds one of an agency's (%d is
# the agency). An agency that has none gets one in `setup` (moved from an agency that has
# two or more, or written for the purpose).
KINDS = {
    "request": "SELECT id FROM requests WHERE agency_id = %d ORDER BY id LIMIT 1",
    "supplement_request": "SELECT max(request_id) FROM request_events e JOIN requests r ON "
                          "r.id = e.request_id WHERE e.kind = 'supplement_requested' AND "
                          "r.agency_id = %d",
    "open_request": "SELECT min(id) FROM requests WHERE agency_id = %d AND closed_on IS NULL",
    "replied_request": "SELECT min(request_id) FROM reply_letters WHERE agency_id = %d",
    "review": "SELECT c.id FROM review_cases c JOIN requests r ON r.id = c.request_id "
              "WHERE r.agency_id = %d ORDER BY c.id LIMIT 1",
    "letter": "SELECT id FROM letters WHERE agency_id = %d ORDER BY id LIMIT 1",
    "user": "SELECT u.id FROM users u WHERE u.login = 'mx_target_%d'",
    "doc": "SELECT id FROM docs WHERE agency_id = %d ORDER BY CASE state WHEN 'published' "
           "THEN 0 ELSE 1 END, id LIMIT 1",
    "attachment": "SELECT a.doc_id || '/' || a.id FROM doc_attachments a JOIN docs d ON "
                  "d.id = a.doc_id WHERE d.agency_id = %d ORDER BY a.id LIMIT 1",
    "column": "SELECT id FROM columns WHERE agency_id = %d ORDER BY id LIMIT 1",
    "project": "SELECT id FROM projects WHERE agency_id = %d ORDER BY id LIMIT 1",
    "list": "SELECT id FROM lists WHERE agency_id = %d ORDER BY id LIMIT 1",
    "finding": "SELECT id FROM integrity_findings WHERE agency_id = %d ORDER BY id LIMIT 1",
    "consultation": "SELECT id FROM consultations WHERE agency_id = %d ORDER BY id LIMIT 1",
    "comment": "SELECT c.consultation_id || '/' || c.id FROM consultation_comments c JOIN "
               "consultations k ON k.id = c.consultation_id WHERE k.agency_id = %d "
               "ORDER BY c.id LIMIT 1",
    "interview": "SELECT id FROM interviews WHERE agency_id = %d ORDER BY id LIMIT 1",
    "question": "SELECT q.interview_id || '/' || q.id FROM interview_questions q JOIN "
                "interviews i ON i.id = q.interview_id WHERE i.agency_id = %d "
                "ORDER BY q.id LIMIT 1",
    "std_item": "SELECT id FROM std_items WHERE agency_id = %d ORDER BY id LIMIT 1",
    "account": "SELECT id FROM newmedia_accounts WHERE agency_id = %d ORDER BY id LIMIT 1",
    "post": "SELECT p.id FROM newmedia_posts p JOIN newmedia_accounts a ON a.id = p.account_id "
            "WHERE a.agency_id = %d ORDER BY p.id LIMIT 1",
    "message": "SELECT id FROM messages WHERE agency_id = %d ORDER BY id LIMIT 1",
    "training": "SELECT t.id FROM training_sessions t WHERE t.organiser_id = %d AND NOT EXISTS "
                "(SELECT 1 FROM training_attendance a WHERE a.session_id = t.id AND "
                "a.agency_id <> t.organiser_id) ORDER BY t.id LIMIT 1",
    "bulletin": "SELECT id FROM assess_bulletins WHERE root_id = %d ORDER BY id LIMIT 1",
    "guide_revision": "SELECT agency_id || '/' || revision FROM guide_revisions "
                      "WHERE agency_id = %d ORDER BY revision LIMIT 1",
    "agency": "SELECT id FROM agencies WHERE id = %d",
    "report": "SELECT agency_id FROM report_drafts WHERE agency_id = %d AND generated IS NOT NULL",
}

# How a kind reaches: "down": the user's roles must reach the object's agency (its own and
# below). "up_or_down": a 通报 issued by an agency is read by the users of that agency and of
# the agencies below it (page_bulletins.c, reader_of), so the parent's bulletin is allowed.
REACH = {"bulletin": "up_or_down"}

# Route patterns → what fills their parameters. The first rule whose regex matches the
# whole pattern wins; a parameterised route no rule matches fails the matrix. Values:
# (kind, template) with {k} the kind's fixture ("a/b" fixtures fill two parameters);
# ("fixed", path) for parameters that name no agency's object (a file name, a year).
RULES = [
    (r"/static/\{name\}", ("fixed", "/static/site.css")),
    (r"/console/audit/export\.\{format\}", ("fixed", "/console/audit/export.csv")),
    (r"/console/oversight/bulletins/draft/\{kind\}", ("fixed",
                                                      "/console/oversight/bulletins/draft/xlsx")),
    (r"/website-report/\{year\}", ("fixed", "/website-report/{last_year}")),
    (r"/website-report/\{year\}/report\.xlsx", ("fixed", "/website-report/{last_year}/report.xlsx")),
    (r"/agency/\{id\}", ("agency", "/agency/{k}")),
    (r"/guide/\{agency\}/\{file\}", ("agency", "/guide/{k}/flow.svg")),
    (r"/reports/\{agency\}/\{file\}", ("agency", "/reports/{k}/{last_year}")),
    (r"/columns/\{agency\}", ("agency", "/columns/{k}")),
    (r"/console/reports/\{agency\}/\{year\}", ("agency", "/console/reports/{k}/{last_year}")),
    (r"/console/reports/\{agency\}/\{year\}/\{file\}",
     ("report", "/console/reports/{k}/{last_year}/report.json")),
    (r"/console/oversight/assessment/\{agency\}", ("agency", "/console/oversight/assessment/{k}")),
    (r"/console/agencies/\{id\}", ("agency", "/console/agencies/{k}")),
    (r"/console/guide/\{agency\}/\{revision\}", ("guide_revision", "/console/guide/{k}")),
    (r"/console/requests/\{id\}/letter", ("replied_request", "/console/requests/{k}/letter")),
    (r"/console/requests/\{id\}(/.*)?", ("request", "/console/requests/{k}\\1")),
    (r"/console/letters/\{id\}/\{file\}", ("letter", "/console/letters/{k}/letter.pdf")),
    (r"/console/letters/\{id\}(/.*)?", ("letter", "/console/letters/{k}\\1")),
    (r"/console/reviews/\{id\}(/.*)?", ("review", "/console/reviews/{k}\\1")),
    (r"/console/users/\{id\}", ("user", "/console/users/{k}")),
    (r"/docs/\{id\}/files/\{file\}", ("attachment", "/docs/{k0}/files/{k1}")),
    (r"/docs/\{id\}", ("doc", "/docs/{k}")),
    (r"/console/docs/\{id\}(/.*)?", ("doc", "/console/docs/{k}\\1")),
    (r"/column/\{id\}", ("column", "/column/{k}")),
    (r"/console/columns/\{id\}", ("column", "/console/columns/{k}")),
    (r"/project/\{id\}", ("project", "/project/{k}")),
    (r"/console/projects/\{id\}", ("project", "/console/projects/{k}")),
    (r"/list/\{id\}", ("list", "/list/{k}")),
    (r"/list/\{id\}/v/\{n\}(/xlsx)?", ("list", "/list/{k}/v/1\\1")),
    (r"/console/lists/\{id\}", ("list", "/console/lists/{k}")),
    (r"/console/integrity/\{id\}(/.*)?", ("finding", "/console/integrity/{k}\\1")),
    (r"/hdjl/consultations/\{id\}", ("consultation", "/hdjl/consultations/{k}")),
    (r"/console/hdjl/consultations/\{id\}/comments/\{comment\}",
     ("comment", "/console/hdjl/consultations/{k0}/comments/{k1}")),
    (r"/console/hdjl/consultations/\{id\}(/.*)?",
     ("consultation", "/console/hdjl/consultations/{k}\\1")),
    (r"/hdjl/interviews/\{id\}", ("interview", "/hdjl/interviews/{k}")),
    (r"/console/hdjl/interviews/\{id\}/questions/\{question\}",
     ("question", "/console/hdjl/interviews/{k0}/questions/{k1}")),
    (r"/console/hdjl/interviews/\{id\}(/.*)?", ("interview", "/console/hdjl/interviews/{k}\\1")),
    (r"/console/stdcat/items/\{id\}(/.*)?", ("std_item", "/console/stdcat/items/{k}\\1")),
    (r"/console/newmedia/post/\{id\}", ("post", "/console/newmedia/post/{k}")),
    (r"/console/newmedia/\{id\}(/.*)?", ("account", "/console/newmedia/{k}\\1")),
    (r"/hdjl/messages/\{id\}", ("message", "/hdjl/messages/{k}")),
    (r"/console/hdjl/\{id\}", ("message", "/console/hdjl/{k}")),
    (r"/console/oversight/training/\{id\}", ("training", "/console/oversight/training/{k}")),
    (r"/console/oversight/bulletins/\{id\}/\{kind\}",
     ("bulletin", "/console/oversight/bulletins/{k}/xlsx")),
]

# Routes whose agency is not in the path but in the form's "agency" field: the agency the new
# object belongs to (or the settings are of). The matrix posts each agency's id. Most answer a
# foreign agency with 404; the forms that keep what was typed answer 422 with their own
# refusal (the text given here), which a cell that is allowed must not show.
AGENCY_FIELD = {
    ("POST", "/console/requests/new"): "请选择受理机关。",
    ("POST", "/console/users"): "请选择所属机关。",
    ("POST", "/console/guide"): None,
    ("POST", "/console/docs/new"): "您没有在所选机关起草文件的权限。",
    ("POST", "/console/docs/settings"): None,
    ("POST", "/console/columns/new"): None,
    ("POST", "/console/columns/seed"): None,
    ("POST", "/console/projects"): None,
    ("POST", "/console/lists"): None,
    ("POST", "/console/newmedia/new"): None,
    ("POST", "/console/hdjl/consultations"): "请选择您有权办理的征集机关。",
    ("POST", "/console/hdjl/interviews"): "请选择您有权办理的主办机关。",
    ("POST", "/console/oversight/assessment/manual"): None,
}
# Form fields a route needs before it reaches what the matrix tries (harmless values).
FORM_FILL = {
    # the confirmation names an upload of the user's own: one that does not exist is refused
    # by the handler after the role check (page_stdcat_console.c)
    ("POST", "/console/stdcat/import/confirm"): {"upload": "999999"},
    # an interview's time is read before its agency (page_interview_console.c)
    ("POST", "/console/hdjl/interviews"): {"held_at": "15:00"},
}
# Routes of the whole site, bound to its root agency (1): its settings, the 政府网站工作年度报表
# and the 考核方案 belong to the root agency's users (page_console_site.c, page_oversight_report.c,
# page_console_applicant.c site_admin, page_messages_console.c, page_assessment.c scheme_admin).
SITE_ROOT = {
    ("GET", "/console/site"),
    ("POST", "/console/site"),
    ("GET", "/console/site/rules"),
    ("POST", "/console/site/rules"),
    ("POST", "/console/mail/settings"),
    ("POST", "/console/hdjl/settings"),
    ("GET", "/console/oversight/website-report"),
    ("GET", "/console/oversight/website-report.xlsx"),
    ("POST", "/console/oversight/website-report"),
    ("POST", "/console/oversight/website-report/publish"),
    ("POST", "/console/oversight/assessment/scheme"),
}
# Reach by route, where it is not the default "down" (the user's roles reach the object's
# agency: its own and below): the 主管部门 scores an agency below it, never itself
# (page_assessment.c, assess_ui_above).
ROUTE_REACH = {("POST", "/console/oversight/assessment/manual"): "above"}

# /setup answers 404 once the site is set up (page_setup.c): for everyone.
PUBLIC_GONE = {("GET", "/setup"), ("POST", "/setup")}


def beijing_today():
    """The server's today: Beijing time (date_today), not this machine's zone."""
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))


def last_year():
    return int(beijing_today()[:4]) - 1


def ancestors(a):
    out = []
    while PARENT_OF.get(a):
        a = PARENT_OF[a]
        out.append(a)
    return out


def relation(home, agency):
    """own, child (below home), parent (above home) or sibling (neither)."""
    if home is None:
        return "none"
    if agency == home:
        return "own"
    if home in ancestors(agency):
        return "child"
    if agency in ancestors(home):
        return "parent"
    return "sibling"


def route_paths(route, fixtures):
    """Yields (agency, path, form) for a route: agency None for a route naming no agency's
    object, else the agency of the object (path parameter, form field or the site root)."""
    pat = route["pattern"]
    key = (route["method"], pat)
    if key in AGENCY_FIELD:
        for agency in AGENCIES:
            yield agency, pat, dict(FORM_FILL.get(key, {}), agency=str(agency))
        return
    if key in SITE_ROOT:
        yield 1, pat, {}
        return
    if "{" not in pat:
        yield None, pat, FORM_FILL.get(key, {})
        return
    for rx, (kind, tmpl) in RULES:
        m = re.fullmatch(rx, pat)
        if not m:
            continue
        tail = m.group(1) if m.groups() and m.group(1) else ""
        tmpl = tmpl.replace("\\1", tail).replace("{last_year}", str(last_year()))
        if kind == "fixed":
            yield None, tmpl, {}
            return
        for agency in AGENCIES:
            k = fixtures.get((kind, agency))
            if k is None:
                yield agency, ("missing", kind, agency), {}
                continue
            parts = k.split("/")
            path = tmpl.replace("{k0}", parts[0]).replace("{k1}", parts[-1])
            yield agency, path.replace("{k}", k), {}
        return
    yield None, ("unmatched", pat), {}


def load_fixtures():
    """{(kind, agency): fixture}, in one statement (a process per query is slow on psql)."""
    parts = ["SELECT '%s', %d, CAST((%s) AS TEXT)" % (kind, agency, q % agency)
             for kind, q in KINDS.items() for agency in AGENCIES]
    fx = {}
    for row in sql(" UNION ALL ".join(parts)):
        if len(row) == 3 and row[2] != "":
            fx[(row[0], int(row[1]))] = row[2]
    return fx


# ---------------------------------------------------------------- setup (offline)
def columns(table):
    if PG:
        rows = sql("SELECT column_name FROM information_schema.columns WHERE table_name = '%s' "
                   "ORDER BY ordinal_position" % table)
    else:
        rows = sql("SELECT name FROM pragma_table_info('%s')" % table)
    return [r[0] for r in rows]


def clone(table, row_id, overrides, key="id"):
    """Copies one row of table with some columns replaced; returns the new row's id."""
    cols = [c for c in columns(table) if c != "id"]
    sel = [overrides.get(c, c) for c in cols]
    q = "INSERT INTO %s (%s) SELECT %s FROM %s WHERE %s = %s" % (
        table, ", ".join(cols), ", ".join(sel), table, key, row_id)
    if "id" in columns(table):
        q += " RETURNING id"
        return one(q)
    sql(q)
    return None


# kind → (table, agency column, which rows may stand for it, children to copy with a clone:
# (child table, its column naming the parent, overrides))
MOVABLE = {
    "request": ("requests", "agency_id", "1 = 1", []),
    "supplement_request": ("requests", "agency_id", "id IN (SELECT request_id FROM request_events "
                           "WHERE kind = 'supplement_requested')", []),
    "open_request": ("requests", "agency_id", "closed_on IS NULL", []),
    "review": ("requests", "agency_id", "id IN (SELECT request_id FROM review_cases)", []),
    "doc": ("docs", "agency_id", "state <> 'published'", []),  # a published one is frozen
    "column": ("columns", "agency_id", "parent_id IS NULL AND id NOT IN (SELECT parent_id FROM "
               "columns WHERE parent_id IS NOT NULL)", []),
    "message": ("messages", "agency_id", "1 = 1", []),
    "finding": ("integrity_findings", "agency_id", "1 = 1", []),
    "consultation": ("consultations", "agency_id",
                     "id IN (SELECT consultation_id FROM consultation_comments)",
                     [("consultation_comments", "consultation_id", {})]),
    "interview": ("interviews", "agency_id",
                  "id IN (SELECT interview_id FROM interview_questions)",
                  [("interview_questions", "interview_id", {})]),
    "comment": ("consultations", "agency_id",
                "id IN (SELECT consultation_id FROM consultation_comments)",
                [("consultation_comments", "consultation_id", {})]),
    "question": ("interviews", "agency_id", "id IN (SELECT interview_id FROM interview_questions)",
                 [("interview_questions", "interview_id", {})]),
    "post": ("newmedia_accounts", "agency_id", "id IN (SELECT account_id FROM newmedia_posts)",
             [("newmedia_posts", "account_id", {"pkey": "pkey || '-mx'"})]),
    "std_item": ("std_items", "agency_id", "1 = 1", []),
    "account": ("newmedia_accounts", "agency_id", "id IN (SELECT account_id FROM newmedia_posts)",
                [("newmedia_posts", "account_id", {"pkey": "pkey || '-mx'"})]),
}
CLONE_OVERRIDES = {
    "integrity_findings": lambda a: {"fkey": "fkey || '-mx%d'" % a},
}


def ensure(kind):
    table, col, cond, children = MOVABLE[kind]
    probe = KINDS[kind]
    for agency in AGENCIES:
        if one(probe % agency) is not None:
            continue
        moved = False
        for other in AGENCIES:
            rid = one("SELECT max(id) FROM %s WHERE %s = %d AND %s" % (table, col, other, cond))
            if other == agency or rid is None:
                continue
            sql("UPDATE %s SET %s = %d WHERE id = %s" % (table, col, agency, rid))
            if one(probe % other) is not None:  # the donor keeps one of its own
                moved = True
                break
            sql("UPDATE %s SET %s = %d WHERE id = %s" % (table, col, other, rid))
        if not moved:
            rid = one("SELECT max(id) FROM %s WHERE %s" % (table, cond))
            if rid is None:
                raise RuntimeError("no %s at all to copy" % kind)
            ov = {col: str(agency)}
            ov.update(CLONE_OVERRIDES.get(table, lambda a: {})(agency))
            new = clone(table, rid, ov)
            for ctable, ccol, cov in children:
                for (cid,) in sql("SELECT id FROM %s WHERE %s = %s" % (ctable, ccol, rid)):
                    o = {ccol: new}
                    o.update({k: v.replace("'-mx'", "'-mx%s'" % new) for k, v in cov.items()})
                    clone(ctable, cid, o)
        if one(probe % agency) is None:
            raise RuntimeError("no %s of agency %d after setup" % (kind, agency))


def setup():
    """Gives every agency of the matrix one object of each kind (run with no server)."""
    for kind in MOVABLE:
        ensure(kind)
    for agency in AGENCIES:
        if one(KINDS["project"] % agency) is None:
            sql("INSERT INTO projects (agency_id, name, created_by) VALUES (%d, '矩阵测试项目%d', "
                "'mx')" % (agency, agency))
        if one(KINDS["list"] % agency) is None:
            lid = one("INSERT INTO lists (agency_id, name, kind, created_by) VALUES (%d, "
                      "'矩阵测试清单%d', 'power', 'mx') RETURNING id" % (agency, agency))
            sql("INSERT INTO list_versions (list_id, version, revised_on, published_by) VALUES "
                "(%s, 1, '2026-01-05', 'mx')" % lid)
        if one(KINDS["guide_revision"] % agency) is None:
            sql("INSERT INTO guide_revisions (agency_id, revision, saved_at, saved_by, office) "
                "VALUES (%d, 1, '2026-01-05 09:00:00', 'mx', '矩阵测试办公室')" % agency)
        if one(KINDS["attachment"] % agency) is None:
            doc = one(KINDS["doc"] % agency)
            data = "decode('25504446', 'hex')" if PG else "X'25504446'"
            sql("INSERT INTO doc_attachments (doc_id, name, content_type, size, sha256, data) "
                "VALUES (%s, 'mx.pdf', 'application/pdf', 4, '', %s)" % (doc, data))
        if one(KINDS["training"] % agency) is None:
            sql("INSERT INTO training_sessions (held_on, title, organiser_id, hours, note, "
                "created_by) VALUES ('2026-03-02', '矩阵测试培训%d', %d, 2, '', 'mx')"
                % (agency, agency))
        if one(KINDS["bulletin"] % agency) is None:
            rid = one("SELECT max(id) FROM assess_bulletins")
            clone("assess_bulletins", rid, {"root_id": str(agency)})


# ---------------------------------------------------------------- HTTP
class Client:
    """One keep-alive connection with its cookies."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = None
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return r.status, data

    def fetch_csrf(self, path):
        status, body = self.request("GET", path)
        m = re.search(rb'name="_csrf" value="([0-9a-f]{64})"', body)
        if not m:
            raise RuntimeError("no CSRF token on %s (status %d)" % (path, status))
        self.csrf = m.group(1).decode()

    def login(self, login):
        self.fetch_csrf("/login")
        status, _ = self.request("POST", "/login", {"_csrf": self.csrf, "login": login,
                                                    "password": PASSWORD, "next": "/console"})
        if status != 303 or "zf_sid" not in self.cookies:
            raise RuntimeError("sign-in of %s answered %d" % (login, status))
        self.fetch_csrf("/console")


# ---------------------------------------------------------------- expectations
def expect(route, actor, agency, kind):
    """'allow' or 'deny' for one cell, from the route's declaration and the relation."""
    _, _, role, home = actor
    key = (route["method"], route["pattern"])
    need = ROLES.index(route["role"])
    login = need > 0 or "login" in route["needs"]
    if key in PUBLIC_GONE:
        return "deny"
    if not login:
        return "public"
    if home is None or ROLES.index(role) < max(need, 1):
        return "deny"
    if agency is None:
        return "allow"
    rel = relation(home, agency)
    reach = ROUTE_REACH.get(key) or REACH.get(kind, "down")
    if reach == "above":
        return "allow" if home in ancestors(agency) else "deny"
    if rel in ("own", "child"):
        return "allow"
    if rel == "parent" and reach == "up_or_down":
        return "allow"
    return "deny"


def judge(exp, status, route, body):
    if status >= 500:
        return False
    refusal = AGENCY_FIELD.get((route["method"], route["pattern"]))
    if refusal and status == 422:
        said = refusal.encode() in body
        return said if exp == "deny" else not said
    if exp == "public":  # a visitor's page: any answer of the handler but a refusal
        return status not in (401, 403)
    if exp == "allow" and route["method"] == "GET":  # a page: it is shown, or the handler
        return 200 <= status < 400 or status == 409  # says why it cannot be made now
    if exp == "allow":  # a form sent empty: refused for its input, not for who sent it
        return status not in (401, 403, 404)
    return status in (403, 404)


def prepare(url, fixtures):
    """Objects made through the console by an administrator of the root agency: a 补正告知书
    of each agency (letters), and each agency's annual report generated (its files)."""
    root = Client(url)
    root.login("mx_admin_root")
    for agency in AGENCIES:
        if not fixtures.get(("letter", agency)):
            rid = fixtures.get(("supplement_request", agency))
            status, body = root.request("POST", "/console/requests/%s/letters" % rid,
                                        {"_csrf": root.csrf, "kind": "supplement",
                                         "detail": "请写明所需信息的名称"})
            if status != 303:
                print("not ok - a letter of agency %d drafted (POST answered %d)" % (agency, status))
        if not fixtures.get(("replied_request", agency)):
            # a reply drafted and signed: the request's reply letter (GET .../letter)
            rid = fixtures.get(("open_request", agency))
            status, page = root.request("POST", "/console/requests/%s/reply" % rid, {
                "_csrf": root.csrf, "decision": "granted", "on": beijing_today(),
                "detail": "随本答复书提供所申请的文件一份"})
            lid = one("SELECT max(id) FROM letters WHERE request_id = %s AND kind = 'reply'"
                      % rid) if status == 303 else None
            if lid:
                _, form = root.request("GET", "/console/letters/%s/sign" % lid)
                m = re.search(rb'name="expected" value="([0-9]+)"', form)
                status, page = root.request("POST", "/console/letters/%s/sign" % lid, {
                    "_csrf": root.csrf, "expected": m.group(1).decode() if m else ""})
            if status != 303:
                why = re.search(rb'role="alert">([^<]*)<', page or b"")
                print("not ok - a reply of agency %d signed (POST answered %d: %s)" % (
                    agency, status, why.group(1).decode() if why else "no message"))
        status, _ = root.request("POST", "/console/reports/%d/%d" % (agency, last_year()),
                                 {"_csrf": root.csrf, "action": "generate"})
        if status != 303:
            print("not ok - the report of agency %d generated (POST answered %d)" % (agency, status))
    fixtures = load_fixtures()
    for kind in ("letter", "replied_request", "report"):
        print("%s - %s of the four agencies" % (
            "ok" if all(fixtures.get((kind, a)) for a in AGENCIES) else "not ok", kind))
    return fixtures


def target_roles(clients):
    """Finding 2 of issue #16 (the accounts part): a user whose home agency is 3 but who holds
    administrator on agency 1 is beyond an administrator of agency 3, who may not disable,
    reset nor revoke that user; an administrator of agency 1 may. Points of their own group,
    named so; each checks the database as well as the answer."""
    out = []
    uid = one("SELECT id FROM users WHERE login = 'mx_target_up'")
    state = ("SELECT active || '|' || password_hash || '|' || (SELECT count(*) FROM user_roles "
             "r WHERE r.user_id = u.id) FROM users u WHERE login = 'mx_target_up'")
    tries = [("admin@3", "disable", {}, False), ("admin@3", "reset", {}, False),
             ("admin@3", "revoke", {"agency": "3", "role": "clerk"}, False),
             ("admin@1", "disable", {}, True)]
    for actor, action, extra, allowed in tries:
        c = clients[actor]
        before = one(state)
        status, _ = c.request("POST", "/console/users/%s" % uid,
                              dict(extra, _csrf=c.csrf, action=action))
        changed = one(state) != before
        if allowed:
            good = status in (200, 303) and changed
        else:
            good = status in (403, 404, 422) and not changed
        out.append("%s - [finding 2: target's roles] %s %s a user of agency 3 who is admin of "
                   "agency 1: %s (answered %d, %s)" % (
                       "ok" if good else "not ok", actor, action,
                       "allowed" if allowed else "refused", status,
                       "changed" if changed else "unchanged"))
        if changed:  # put it back for the next try
            root = clients["admin@1"]
            root.request("POST", "/console/users/%s" % uid,
                         {"_csrf": root.csrf, "action": "enable"})
            if action == "revoke":
                root.request("POST", "/console/users/%s" % uid, {
                    "_csrf": root.csrf, "action": "grant", "agency": "3", "role": "clerk"})
    return out


def run(url):
    routes = json.loads(subprocess.run([BIN, "routes", "--json"], check=True,
                                       capture_output=True, text=True).stdout)
    fixtures = prepare(url, load_fixtures())
    clients = {}
    for actor in ACTORS:
        c = Client(url)
        if actor[1] is None:
            c.fetch_csrf("/login")
        else:
            c.login(actor[1])
        clients[actor[0]] = c
    print("ok - %d actors signed in (a visitor; each role of agency 3 and of agency 1)"
          % len(clients))

    finding2 = target_roles(clients)  # before /logout ends the sessions
    cells = {"allow": 0, "deny": 0, "public": 0}
    unexpected = []
    missing = []
    start = time.time()
    # /logout ends the session it is sent with: it runs last.
    ordered = sorted(routes, key=lambda r: r["pattern"] == "/logout")
    for route in ordered:
        kind = None
        for rx, (k, _) in RULES:
            if re.fullmatch(rx, route["pattern"]):
                kind = k
                break
        for agency, path, form in route_paths(route, fixtures):
            if isinstance(path, tuple):
                missing.append("%s %s: %s" % (route["method"], route["pattern"],
                                              "no rule fills its parameters" if path[0] ==
                                              "unmatched" else "no %s of agency %d" %
                                              (path[1], path[2])))
                continue
            for actor in ACTORS:
                # the visitor has no agency: one object suffices
                if actor[3] is None and agency not in (None, 3):
                    continue
                c = clients[actor[0]]
                if route["method"] == "POST":
                    body = dict(form, _csrf=c.csrf)
                    target = path
                else:
                    body = None
                    target = path + ("?" + urllib.parse.urlencode(form) if form else "")
                status, data = c.request(route["method"], target, body)
                exp = expect(route, actor, agency, kind)
                cells[exp] += 1
                if not judge(exp, status, route, data):
                    unexpected.append("%s %s%s as %s on %s: expected %s, got %d" % (
                        route["method"], target, " agency=%s" % form["agency"] if form and
                        body else "", actor[0],
                        relation(actor[3], agency) if agency else "-",
                        {"allow": "allowed", "deny": "403/404", "public": "no refusal"}[exp],
                        status))
    took = time.time() - start
    total = sum(cells.values())
    print("# access matrix: %d routes, %d cells, %d allowed, %d denied, %d public, "
          "%d unexpected, %d unfilled (%.1f s)" % (len(routes), total, cells["allow"],
                                                   cells["deny"], cells["public"],
                                                   len(unexpected), len(missing), took))
    for m in missing:
        print("not ok - route in the matrix: %s" % m)
    if not missing:
        print("ok - every route of the table is in the matrix (%d routes)" % len(routes))
    for u in unexpected:
        print("not ok - cell %s" % u)
    for line in finding2:
        print(line)
    print("%s - %d cells, %d allowed, %d denied, %d public, %d unexpected" % (
        "ok" if not unexpected else "not ok", total, cells["allow"], cells["deny"],
        cells["public"], len(unexpected)))


if __name__ == "__main__":
    if sys.argv[1:] == ["setup"]:
        setup()
    elif sys.argv[1:] == ["fixtures"]:
        for (kind, agency), v in sorted(load_fixtures().items()):
            print(kind, agency, v)
    else:
        run(os.environ["ZF_URL"])
