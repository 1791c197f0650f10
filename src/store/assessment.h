/* assessment.h: 考核, 培训 and the quarterly 通报 in the store. The scoring itself is pure
 * (law/assessment.h); here the scheme's versions are kept, each agency's counts for a
 * quarter are fetched (store/oversight.h) and scored and ranked and stored, the assessor's
 * manual items kept, training sessions recorded, and an issued 通报 kept immutable.
 *
 * "root" is the 主管部门: the agency whose subordinates are assessed (every agency below it,
 * itself excluded, closed ones skipped). Every write is one all-or-nothing transaction with
 * one audit line; a refused write changes nothing and explains itself in Chinese in err (may
 * be NULL). Strings passed in are borrowed; strings and arrays handed out come from the arena
 * passed in. */
#ifndef ZF_STORE_ASSESSMENT_H
#define ZF_STORE_ASSESSMENT_H

#include "buf.h"
#include "date.h"
#include "law/assessment.h"

#include <stdbool.h>

struct arena;
struct calendar;
struct store;
struct oversight_metrics;

#define TRAINING_TITLE_MAX    100  /* characters */
#define TRAINING_NOTE_MAX     500  /* characters */
#define TRAINING_NAMES_MAX    1000 /* characters: named attendees of one agency */
#define TRAINING_AGENCIES_MAX 200  /* attending agencies of one session */
#define ASSESS_NOTE_MAX	      200  /* characters: a manual item's note */
#define BULLETIN_TEXT_MAX     4000 /* characters: each of the assessor's parts of a 通报 */

/* Maps the oversight metrics of one agency to the counts a scheme scores (pure). */
void assess_input_from_metrics(const struct oversight_metrics *m, struct assess_input *out);

/* ---- schemes ---- */

/* The scheme in force (the newest saved; the default when none was saved, *id = 0). */
int store_assess_scheme_current(struct store *st, struct assess_scheme *out, long long *id);
/* A saved version by id (0 = the default): 0 or ZF_ENOENT. */
int store_assess_scheme_get(struct store *st, long long id, struct assess_scheme *out);
/* Checks and saves the scheme's text form as the new version in force; *id (may be NULL)
 * gets its id. ZF_EINVAL with the parser's reason in err. */
int store_assess_scheme_save(struct store *st, const char *actor, const char *text, size_t len,
			     long long *id, struct buf *err);
struct assess_scheme_row {
	long long id;
	const char *title;
	int nindicators;
	const char *saved_by, *saved_at;
};
/* The saved versions, newest first (at most 100). */
int store_assess_scheme_list(struct store *st, struct arena *a, struct assess_scheme_row **out,
			     size_t *n);

/* ---- scores ---- */

/* Where the counts come from: store_oversight_metrics unless a test gives its own. */
typedef int (*assess_metrics_fn)(struct store *st, const struct calendar *cal, long long agency_id,
				 bool subtree, zf_day from, zf_day to, zf_day today,
				 struct oversight_metrics *out);

/* Computes the quarter's scores of every agency below root with the scheme in force: fetches
 * each agency's counts (its own, as of `today`, or the quarter's last day if earlier), scores
 * them with the manual items entered, ranks them, and replaces the quarter's stored scores.
 * metrics NULL = store_oversight_metrics. Errors from the metrics are returned as they are
 * (nothing stored), with a Chinese reason in err. */
int store_assess_compute(struct store *st, const char *actor, const struct calendar *cal,
			 long long root, int quarter, zf_day today, assess_metrics_fn metrics,
			 struct buf *err);

struct assess_score_row {
	long long agency_id;
	const char *agency_name;
	long long root_id;
	long long scheme_id;
	struct assess_input in;
	struct assess_result r;
	int rank;
	const char *problems;
	zf_day computed_on;
	const char *computed_at;
};
/* The stored scores of a quarter under root, best first; *scheme gets the version they were
 * computed with (may be NULL). Rows are empty (n = 0) when none were computed. */
int store_assess_scores(struct store *st, struct arena *a, long long root, int quarter,
			struct assess_scheme *scheme, struct assess_score_row **out, size_t *n);
/* The stored score of one agency for a quarter (any root): 0 or ZF_ENOENT. */
int store_assess_score_get(struct store *st, struct arena *a, long long agency_id, int quarter,
			   struct assess_scheme *scheme, struct assess_score_row *out);

struct assess_manual_row {
	long long agency_id;
	const char *code;
	int points;
	const char *note, *scored_by, *scored_at;
};
/* Enters (or replaces) a manual item for an agency and quarter: code must be a manual
 * indicator of the scheme the quarter's scores were computed with (or the scheme in force
 * when none were), points 0..its full marks, note at most ASSESS_NOTE_MAX characters. The
 * quarter's stored scores (if any) are re-scored and re-ranked in the same transaction. */
int store_assess_manual_set(struct store *st, const char *actor, long long agency_id, int quarter,
			    const char *code, int points, const char *note, struct buf *err);
/* The manual items of a quarter, of one agency (agency_id) or all (0). */
int store_assess_manual_list(struct store *st, struct arena *a, int quarter, long long agency_id,
			     struct assess_manual_row **out, size_t *n);

/* ---- training (培训) ---- */

struct training_attendee {
	long long agency_id;
	int persons;		 /* 1..10000 */
	const char *names;	 /* "" or names, separated by "、" */
	const char *agency_name; /* filled by reads */
};
struct training_fields {
	zf_day held_on;
	const char *title;
	long long organiser_id;
	int hours; /* tenths of an hour, 0.1..240 */
	const char *note;
};
struct training_session {
	long long id;
	struct training_fields f;
	const char *organiser_name;
	struct training_attendee *att;
	size_t natt;
	long long persons; /* the sum over att */
	const char *created_by;
};
/* Adds a session (id 0) or replaces one (its fields and attendance). ZF_EINVAL/ZF_ENOENT with
 * the reason in err. *id (may be NULL) gets the id. */
int store_training_save(struct store *st, const char *actor, long long id,
			const struct training_fields *f, const struct training_attendee *att,
			size_t natt, long long *out_id, struct buf *err);
int store_training_delete(struct store *st, const char *actor, long long id, struct buf *err);
int store_training_get(struct store *st, struct arena *a, long long id,
		       struct training_session *out);
/* Sessions held in [from, to] (0 = open), newest first, with their attendance, organised by
 * or attended by one of agencies[0..nagencies) (NULL = any). */
int store_training_list(struct store *st, struct arena *a, zf_day from, zf_day to,
			const long long *agencies, size_t nagencies, struct training_session **out,
			size_t *n);
/* Per-agency totals of [from, to] for the agencies below root (and root): sessions attended,
 * persons, person-hours; agencies with none are left out. *nsessions gets the sessions held. */
int store_training_totals(struct store *st, struct arena *a, long long root, zf_day from, zf_day to,
			  struct assess_bulletin_training **out, size_t *n, long long *nsessions);

/* ---- the quarterly 通报 ---- */

struct assess_notes {
	const char *opening, *interviews, *criticised, *ending; /* "" = the default words */
	const char *updated_by, *updated_at;
};
int store_bulletin_notes_get(struct store *st, struct arena *a, long long root, int quarter,
			     struct assess_notes *out);
int store_bulletin_notes_set(struct store *st, const char *actor, long long root, int quarter,
			     const struct assess_notes *in, struct buf *err);

/* Fills a draft 通报 of a quarter from the stored scores, notes and training: ZF_ENOENT (with
 * a reason in err) when the quarter's scores were not computed. */
int store_bulletin_build(struct store *st, struct arena *a, long long root, int quarter,
			 zf_day date, struct assess_bulletin *out, struct buf *err);

struct bulletin_row {
	long long id;
	int quarter;
	long long root_id;
	int number;
	const char *title, *issued_by, *issued_at;
};
/* The number the next 通报 issued under root will carry (第N期). */
int store_bulletin_next_number(struct store *st, long long root, int *number);
/* Issues (印发) a quarter's 通报 under number (rendered into the files, which are kept as
 * they are). ZF_EEXIST when the quarter's was issued already; ZF_ESTATE when number is no
 * longer the next one (another was issued meanwhile: render again). */
int store_bulletin_issue(struct store *st, const char *actor, long long root, int quarter,
			 int number, const char *title, const struct buf *docx,
			 const struct buf *xlsx, long long *id, struct buf *err);
/* The issued 通报 of the roots given (NULL = all), newest first. */
int store_bulletin_list(struct store *st, struct arena *a, const long long *roots, size_t nroots,
			struct bulletin_row **out, size_t *n);
int store_bulletin_get(struct store *st, struct arena *a, long long id, struct bulletin_row *out);
/* An issued 通报's file: kind "docx" or "xlsx"; bytes copied into out. */
int store_bulletin_file(struct store *st, long long id, const char *kind, struct buf *out);

#endif
