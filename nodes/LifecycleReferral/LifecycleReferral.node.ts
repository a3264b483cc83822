import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { INTERVIEW_FIELDS, parseInterviewAnswers } from '../../core/interview';
import { keepRejectedInterview, referAfterInterviews, type ReferralRequest } from '../../core/operations/referral';
import { failure, type ItemResult } from '../../core/operations/result';
import { SERVICES } from '../../schemas';
import { airtableListSearch } from '../shared/airtable';
import { baseCredentials, baseProperties, openBase, todayForWorkflow, writeContext } from '../shared/base';
import { failedItem } from '../shared/items';

export class LifecycleReferral implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ТЖЦТ: направление после собеседования',
		name: 'lifecycleReferral',
		icon: { light: 'file:lifecycle.svg', dark: 'file:lifecycle.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Сценарии A–D',
		description:
			'Записывает собеседование с рекрутером, вводит пользователя в маршрут и направляет на услугу по сценариям A–D: у каждой услуги свой выход',
		defaults: { name: 'Направление на услугу' },
		usableAsTool: true,
		credentials: baseCredentials,
		inputs: [NodeConnectionTypes.Main],
		outputs: SERVICES.map(() => NodeConnectionTypes.Main),
		outputNames: SERVICES.map((service) => `${service.number}. ${service.name}`),
		properties: [
			...baseProperties,
			{
				displayName: `Ответы собеседования читаются из полей входных данных: ${INTERVIEW_FIELDS.map((field) => `«${field.label}»`).join(', ')}. Сценарий A ведет к услуге 6, B — к 3, C — к 5, D — к 1; пока не хватает данных портрета, пользователь остается в услуге 2.`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Ключ кандидата',
				name: 'candidateId',
				type: 'string',
				default: '={{ $json["Ключ кандидата"] }}',
				required: true,
				description: 'Ключ записи в таблице «Кандидаты»',
			},
			{
				displayName: 'Сохранять отклоненные анкеты',
				name: 'keepRejected',
				type: 'boolean',
				default: true,
				description:
					'Сохранять анкету, собеседование по которой не записано (неизвестная вакансия, дата позже сегодняшней), в таблицу «Отклоненные анкеты» с тем, что исправить. Впечатления рекрутера не сохраняются.',
			},
		],
	};

	methods = { listSearch: airtableListSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const today = todayForWorkflow(this);
		const results: Array<ItemResult<unknown> | undefined> = items.map(() => undefined);
		const requests: ReferralRequest[] = [];
		const requestOwners: number[] = [];

		items.forEach((item, index) => {
			const parsed = parseInterviewAnswers(item.json, today);
			if (!parsed.ok) {
				results[index] = failure(parsed.problems.join(' '), parsed.problems);
				return;
			}
			requests.push({ candidateId: String(this.getNodeParameter('candidateId', index, '')).trim(), answers: parsed.answers, today });
			requestOwners.push(index);
		});

		const outputs: INodeExecutionData[][] = SERVICES.map(() => []);
		const base = await openBase(this);
		try {
			const referrals = await referAfterInterviews(base, requests, writeContext(this));
			referrals.forEach((referral, position) => {
				const index = requestOwners[position];
				results[index] = referral;
				if (!referral.ok) {
					return;
				}
				const { decision } = referral.value;
				outputs[decision.primaryService - 1].push({
					json: {
						...items[index].json,
						'Ключ кандидата': referral.value.candidateId,
						Сценарий: decision.scenario,
						'Направлен на услугу': SERVICES[decision.primaryService - 1].name,
						'Параллельно рекомендованы': decision.parallelServices.map((number) => SERVICES[number - 1].name),
						'Повторное обращение': referral.value.repeatedAppeal,
						'Уже записано ранее': referral.value.alreadyRecorded,
						'Решение рекрутера': decision.explanation,
						'Ключ события': referral.value.eventId,
						'Ключи эпизодов': referral.value.referralEpisodeIds,
					},
					pairedItem: { item: index },
				});
			});
			if (this.getNodeParameter('keepRejected', 0, true) as boolean) {
				const workflowName = this.getWorkflow().name;
				const formName = workflowName ? `${workflowName}: ${this.getNode().name}` : this.getNode().name;
				for (const [index, result] of results.entries()) {
					if (result && !result.ok) {
						results[index] = await keepRejectedInterview(base, items[index].json, result, formName, writeContext(this));
					}
				}
			}
		} finally {
			await base.close();
		}

		results.forEach((result, index) => {
			if (result && !result.ok) {
				outputs[1].push(failedItem(this, index, result, items[index]));
			}
		});
		return outputs;
	}
}
