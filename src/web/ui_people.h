/* ui_people.h: how people and moments are shown on pages: a stored UTC timestamp as Beijing
 * time ("2026-12-06 21:37", never the raw ISO string), an actor of the audit trail by the
 * name a reader knows (the user's display name; the system's own actions as 系统自动), never
 * a login. */
#ifndef ZF_UI_PEOPLE_H
#define ZF_UI_PEOPLE_H

#include "server.h"

/* "YYYY-MM-DD HH:MM" in Beijing time (UTC+8) of a "YYYY-MM-DDTHH:MM[:SS]Z" stamp into out;
 * "" when utc has another shape. Returns out. */
char *ui_beijing_time(const char *utc, char out[17]);
/* Writes <time datetime="utc">Beijing time</time>; a stamp of another shape is written as
 * escaped text. */
void ui_time(struct buf *w, const char *utc);
/* The name to show for an actor login: 系统自动 for "system", the user's display name, or
 * 命令行操作 for an actor who is no user (a command run on the server). From the arena. */
const char *ui_person(struct web_request *req, const char *login);

#endif
