export * from './columns';
export * from './options';
export * from './tables';

import type { RowOf } from './columns';
import type * as tables from './tables';

export type Organisation = RowOf<typeof tables.organisations.columns>;
export type Specialist = RowOf<typeof tables.specialists.columns>;
export type Source = RowOf<typeof tables.sources.columns>;
export type SourceContact = RowOf<typeof tables.sourceContacts.columns>;
export type Employer = RowOf<typeof tables.employers.columns>;
export type Mentor = RowOf<typeof tables.mentors.columns>;
export type Vacancy = RowOf<typeof tables.vacancies.columns>;
export type Candidate = RowOf<typeof tables.candidates.columns>;
export type PortraitCheck = RowOf<typeof tables.portraitChecks.columns>;
export type Episode = RowOf<typeof tables.episodes.columns>;
export type LifecycleEvent = RowOf<typeof tables.events.columns>;
export type SkillLevelRow = RowOf<typeof tables.skillLevels.columns>;
export type Volunteer = RowOf<typeof tables.volunteers.columns>;
export type VolunteerTask = RowOf<typeof tables.volunteerTasks.columns>;
export type RejectedSubmission = RowOf<typeof tables.rejectedSubmissions.columns>;
export type CheckpointRecord = RowOf<typeof tables.checkpoints.columns>;
export type CandidatePoolEntry = RowOf<typeof tables.candidatePool.columns>;

/** Row type of a table by its key. */
export interface RowTypes {
	organisations: Organisation;
	specialists: Specialist;
	sources: Source;
	sourceContacts: SourceContact;
	employers: Employer;
	mentors: Mentor;
	vacancies: Vacancy;
	candidates: Candidate;
	portraitChecks: PortraitCheck;
	episodes: Episode;
	events: LifecycleEvent;
	skillLevels: SkillLevelRow;
	volunteers: Volunteer;
	volunteerTasks: VolunteerTask;
	rejectedSubmissions: RejectedSubmission;
	checkpoints: CheckpointRecord;
	candidatePool: CandidatePoolEntry;
}

export type TableKey = keyof RowTypes;
