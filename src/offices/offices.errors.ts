import { defineErrors } from '../common/errors.js';

export const OfficeErrors = defineErrors('OFFICE', {
  NOT_FOUND: { status: 404, message: '没有这个机构' },
  PARENT_UNKNOWN: { status: 400, field: 'parentId', message: '没有这个上级机构，请从机构列表中选择' },
  PARENT_KIND: {
    status: 400,
    field: 'parentId',
    message: '县局的上级须是市，乡镇劳动保障所的上级须是县局',
  },
  CITY_ONLY: { status: 403, message: '只有市级管理员可以设立县局' },
  COUNTY_ONLY: { status: 403, message: '只有本县局或市级管理员可以设立或调整机构' },
  NAME_TAKEN: { status: 409, field: 'name', message: '同一上级机构下已经有这个名称的机构' },
  PREFIX_REQUIRED: { status: 400, field: 'documentPrefix', message: '县局须填写文号前缀' },
  PREFIX_COUNTY_ONLY: { status: 400, field: 'documentPrefix', message: '只有县局有文号前缀，乡镇劳动保障所不填' },
  PREFIX_TAKEN: { status: 409, field: 'documentPrefix', message: '这个文号前缀已被其他县局使用，请换一个' },
  STALE: { status: 409, message: '该机构的信息已被他人修改，请刷新后重试', extra: ['currentVersion'] },
  OUT_OF_REACH: { status: 400, field: 'officeId', message: '只能选择您管辖范围内的机构' },
  STATION_UNKNOWN: { status: 400, field: 'stationId', message: '请选择本县的乡镇劳动保障所' },
  COUNTY_UNKNOWN: { status: 400, field: 'countyId', message: '请选择所属县局' },
  STATION_FORBIDDEN: { status: 403, message: '乡镇劳动保障所不能调整乡镇，请由县局办理' },
});

export const HandoverErrors = defineErrors('HANDOVER', {
  NOT_FOUND: { status: 404, message: '没有这条{record}记录', params: ['record'] },
  REASON: { status: 400, field: 'reason', message: '请填写移交原因' },
  TARGET: { status: 400, field: 'officeId', message: '只能移交给本县局或本县的乡镇劳动保障所' },
  SAME: { status: 409, message: '该记录已由{office}经办，无需移交', params: ['office'] },
  STATION_BACK_ONLY: { status: 403, message: '乡镇劳动保障所只能把经办的记录交回县局' },
});
