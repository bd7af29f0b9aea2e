/** Chinese labels for documents and the console. */
export const CASE_KIND_LABELS: Record<string, string> = {
  wage_arrears: '工资拖欠',
  no_contract: '未签订劳动合同',
  injury: '工伤',
  treatment: '劳动待遇',
  other: '其他劳动权益',
};

export const DEADLINE_LABELS: Record<string, string> = {
  acknowledgement: '受理告知',
  mediation: '调解',
  'settlement payment': '调解协议履行',
  'inspection acceptance': '劳动保障监察立案',
  'inspection investigation': '劳动保障监察调查',
  'arbitration acceptance': '仲裁受理',
  'arbitration award': '仲裁裁决',
};
