/**
 * The one list of errors. Each has a stable native code (the key), the HTTP status of the
 * native API, the errcode the WeChat-compatible face answers with, and readable messages in
 * both languages. `{name}` placeholders are filled from the error's params.
 */
export const catalogue = {
  // Generic edge errors
  invalid_json: { status: 400, errcode: 47001, en: 'Malformed JSON body', zh: '请求体不是合法的 JSON' },
  validation_failed: {
    status: 400,
    errcode: 40097,
    en: 'Invalid {field}: {reason}',
    zh: '参数 {field} 不合法：{reason}',
  },
  body_too_large: { status: 413, errcode: 47001, en: 'Request body too large', zh: '请求体过大' },
  not_found: { status: 404, errcode: 40097, en: '{what} not found', zh: '{what}不存在' },
  route_not_found: { status: 404, errcode: 40066, en: 'No such API', zh: '接口不存在' },
  internal: { status: 500, errcode: -1, en: 'System error, please retry', zh: '系统繁忙，请稍后再试' },
  // The blob store (data folder, database rows or S3) could not be reached or refused a write.
  blob_store_unavailable: {
    status: 503,
    errcode: -1,
    en: 'File storage unavailable, please retry',
    zh: '文件存储暂不可用，请稍后再试',
  },

  // The database could not be reached (down, restarting, connection lost): retry, nothing was kept.
  database_unavailable: {
    status: 503,
    errcode: -1,
    en: 'Database unavailable, please retry',
    zh: '数据库暂不可用，请稍后再试',
  },

  // Platform users and sessions
  unauthenticated: { status: 401, errcode: 41001, en: 'Sign in first', zh: '请先登录' },
  forbidden: { status: 403, errcode: 48001, en: 'Not allowed: {reason}', zh: '无权操作：{reason}' },
  csrf_failed: { status: 403, errcode: 48001, en: 'Missing or wrong CSRF token', zh: 'CSRF 校验失败' },
  email_taken: { status: 409, errcode: 40097, en: 'Email already registered', zh: '该邮箱已注册' },
  invalid_credentials: { status: 401, errcode: 40097, en: 'Wrong email or password', zh: '邮箱或密码错误' },
  username_taken: { status: 409, errcode: 40097, en: 'Username already taken', zh: '该用户名已被使用' },
  client_invalid_credentials: {
    status: 401,
    errcode: 40097,
    en: 'Wrong username or password',
    zh: '用户名或密码错误',
  },
  // Guessing limits (features/rate-limits). 45011, WeChat's "api minute-quota reach limit": a
  // refusal that clears by itself (docs/decisions.md). The native face adds a Retry-After header.
  too_many_attempts: {
    status: 429,
    errcode: 45011,
    en: 'Too many attempts, retry in {retryAfter} s',
    zh: '尝试次数过多，请 {retryAfter} 秒后再试',
  },

  // Subjects and identity
  id_number_invalid: {
    status: 400,
    errcode: 40097,
    en: 'Invalid ID number: {reason}',
    zh: '身份证号码无效：{reason}',
  },
  credit_code_invalid: {
    status: 400,
    errcode: 40097,
    en: 'Invalid unified social credit code: {reason}',
    zh: '统一社会信用代码无效：{reason}',
  },
  id_number_taken: {
    status: 409,
    errcode: 40097,
    en: 'This ID number is already verified for another person',
    zh: '该证件号码已被其他人实名认证',
  },
  id_number_needs_review: {
    status: 409,
    errcode: 48001,
    en: 'This ID number is already verified on another account; one identity binds one account, so this verification waits for an admin to review it by hand',
    zh: '该证件号码已在其他账号完成实名认证；一个身份只能绑定一个账号，本次认证需等待管理员人工审核',
  },
  subject_not_verified: {
    status: 409,
    errcode: 48001,
    en: 'The subject must be verified first',
    zh: '主体尚未完成认证',
  },
  subject_already_decided: {
    status: 409,
    errcode: 40097,
    en: 'The subject was already {status}',
    zh: '该主体已处理：{status}',
  },
  quota_exceeded: {
    status: 409,
    errcode: 89007,
    en: 'Quota reached: {quota} allows {limit}, {used} used',
    zh: '已达上限：{quota} 最多 {limit} 个，已使用 {used} 个',
  },

  // Categories and mini programs
  category_unknown: { status: 400, errcode: 85008, en: 'Unknown category {id}', zh: '类目 {id} 不存在' },
  category_not_open: {
    status: 403,
    errcode: 85008,
    en: 'Category {name} is not open to individual developers',
    zh: '类目「{name}」不对个人开发者开放',
  },
  category_count: {
    status: 400,
    errcode: 85008,
    en: 'A mini program has 1 to 5 categories',
    zh: '小程序需选择 1 到 5 个类目',
  },
  category_in_use: {
    status: 409,
    errcode: 40097,
    en: 'Category {id} is used by mini programs',
    zh: '类目 {id} 正在被小程序使用',
  },
  qualification_required: {
    status: 400,
    errcode: 85008,
    en: 'Category {name} needs a qualification document',
    zh: '类目「{name}」需要上传资质证明',
  },
  oa_type_not_for_individuals: {
    status: 403,
    errcode: 48001,
    en: 'Individuals may create subscription accounts only',
    zh: '个人主体只能注册订阅号',
  },
  name_taken: { status: 409, errcode: 40097, en: 'The name {name} is taken', zh: '名称「{name}」已被占用' },
  details_incomplete: {
    status: 409,
    errcode: 86002,
    en: 'Fill in name, intro, icon and categories first',
    zh: '请先填写名称、简介、头像和类目',
  },

  // WeChat-compatible face: tokens and capabilities
  wx_invalid_credential: {
    status: 401,
    errcode: 40001,
    en: 'invalid credential, access_token is invalid or not latest',
    zh: 'access_token 无效或不是最新的',
  },
  wx_invalid_secret: {
    status: 401,
    errcode: 40001,
    en: 'invalid credential, appsecret is wrong',
    zh: 'AppSecret 错误',
  },
  wx_invalid_grant_type: { status: 400, errcode: 40002, en: 'invalid grant_type', zh: 'grant_type 不合法' },
  wx_invalid_appid: { status: 400, errcode: 40013, en: 'invalid appid', zh: 'AppID 不合法' },
  wx_invalid_access_token: {
    status: 401,
    errcode: 40014,
    en: 'invalid access_token',
    zh: 'access_token 不合法',
  },
  wx_invalid_appsecret: { status: 400, errcode: 40125, en: 'invalid appsecret', zh: 'AppSecret 格式不合法' },
  wx_ip_not_allowed: {
    status: 403,
    errcode: 40164,
    en: 'invalid ip {ip}, not in whitelist',
    zh: '调用方 IP {ip} 不在白名单中',
  },
  wx_access_token_missing: {
    status: 401,
    errcode: 41001,
    en: 'access_token missing',
    zh: '缺少 access_token',
  },
  wx_appid_missing: { status: 400, errcode: 41002, en: 'appid missing', zh: '缺少 appid' },
  wx_secret_missing: { status: 400, errcode: 41004, en: 'appsecret missing', zh: '缺少 secret' },
  wx_access_token_expired: {
    status: 401,
    errcode: 42001,
    en: 'access_token expired',
    zh: 'access_token 已过期',
  },
  wx_require_post: { status: 405, errcode: 43002, en: 'require POST method', zh: '需要 POST 请求' },
  wx_invalid_path_length: {
    status: 400,
    errcode: 40159,
    en: 'invalid length for path, or the data is not json string',
    zh: 'path 长度不合法',
  },
  wx_daily_quota: {
    status: 429,
    errcode: 45009,
    en: 'reach max api daily quota limit',
    zh: '接口调用超过每日限额',
  },
  wx_minute_quota: {
    status: 429,
    errcode: 45011,
    en: 'api minute-quota reach limit, must slower, retry next minute',
    zh: '调用过于频繁，请稍后再试',
  },
  wx_api_unauthorized: {
    status: 403,
    errcode: 48001,
    en: 'api unauthorized: {reason}',
    zh: '接口未授权：{reason}',
  },

  // Code packages, versions, audits and releases (WeChat's /wxa code management)
  package_invalid: {
    status: 422,
    errcode: 47001,
    en: 'Code package refused: {detail}',
    zh: '代码包不合格：{detailZh}',
  },
  package_no_pages: {
    status: 422,
    errcode: 85047,
    en: 'Code package refused: {detail}',
    zh: '代码包不合格：{detailZh}',
  },
  package_too_large: {
    status: 413,
    errcode: 85044,
    en: 'Code package too large: {detail}',
    zh: '代码包超过大小限制：{detailZh}',
  },
  upload_key_invalid: {
    status: 401,
    errcode: 40001,
    en: 'The upload key is wrong, revoked, or not for this app',
    zh: '代码上传密钥错误、已撤销或不属于该小程序',
  },
  upload_key_ip: {
    status: 403,
    errcode: 40164,
    en: 'invalid ip {ip}, not in the upload key whitelist',
    zh: '上传 IP {ip} 不在代码上传密钥的白名单中',
  },
  code_not_uploaded: {
    status: 409,
    errcode: 85086,
    en: 'Upload code before submitting it for audit',
    zh: '提交审核前请先上传代码',
  },
  audit_in_progress: {
    status: 409,
    errcode: 85009,
    en: 'A version is already under audit',
    zh: '已经有正在审核的版本',
  },
  audit_submit_quota: {
    status: 429,
    errcode: 85085,
    en: 'Audit submissions reached the limit of {limit} in 7 days',
    zh: '近 7 天提交审核次数已达上限 {limit} 次',
  },
  audit_navigate_undeclared: {
    status: 409,
    errcode: 85087,
    en: 'The code calls navigateToMiniProgram; declare navigateToMiniProgramAppIdList in app.json',
    zh: '代码使用了 navigateToMiniProgram，请在 app.json 中声明 navigateToMiniProgramAppIdList',
  },
  ext_json_invalid: {
    status: 400,
    errcode: 85013,
    en: 'Invalid ext_json: {reason}',
    zh: '无效的自定义配置 ext_json：{reason}',
  },
  audit_item_tag: { status: 400, errcode: 85006, en: 'Invalid tag: {reason}', zh: '标签格式错误：{reason}' },
  audit_item_page: {
    status: 400,
    errcode: 85007,
    en: 'Page {address} is not a page of the submitted package',
    zh: '页面 {address} 不在提交的代码包中',
  },
  audit_item_category: {
    status: 400,
    errcode: 85008,
    en: 'Category {category} is not a category of this mini program',
    zh: '类目 {category} 不是该小程序的类目',
  },
  audit_item_title: {
    status: 400,
    errcode: 85011,
    en: 'Invalid title: {reason}',
    zh: '标题填写错误：{reason}',
  },
  audit_item_count: {
    status: 400,
    errcode: 85023,
    en: 'item_list needs 1 to 5 items',
    zh: 'item_list 需要 1 至 5 项',
  },
  audit_not_found: { status: 404, errcode: 85012, en: 'invalid auditid', zh: '无效的审核 id' },
  audit_not_pending: {
    status: 409,
    errcode: 85020,
    en: 'Audit {auditid} is not awaiting a decision',
    zh: '审核单 {auditid} 不在待审核状态',
  },
  audit_nothing_pending: {
    status: 409,
    errcode: 85019,
    en: 'No version is under audit',
    zh: '没有审核中的版本',
  },
  undo_audit_quota: {
    status: 429,
    errcode: 87013,
    en: 'Withdrawing audits reached the limit of {limit} a day',
    zh: '撤回审核次数已达每日上限 {limit} 次',
  },
  release_nothing: {
    status: 409,
    errcode: 85019,
    en: 'No version has passed audit',
    zh: '没有审核通过的版本',
  },
  release_state: {
    status: 409,
    errcode: 85020,
    en: 'The audit state does not allow release: {state}',
    zh: '审核状态不允许发布：{state}',
  },
  release_already: {
    status: 409,
    errcode: 85052,
    en: 'This version is already released',
    zh: '该版本已发布',
  },
  revert_impossible: {
    status: 409,
    errcode: 87012,
    en: 'Cannot roll back: {reason}',
    zh: '无法回退：{reasonZh}',
  },
  tester_not_found: {
    status: 404,
    errcode: 85001,
    en: 'No platform account {wechatid} (give the email or user id)',
    zh: '找不到平台账号 {wechatid}（请填写邮箱或用户 id）',
  },
  tester_limit: {
    status: 409,
    errcode: 85002,
    en: 'The app already has {limit} testers',
    zh: '体验者已达上限 {limit} 人',
  },
  tester_already: {
    status: 409,
    errcode: 85004,
    en: 'Already a tester of this app',
    zh: '该用户已经是体验者',
  },
  tester_not_bound: { status: 404, errcode: 85001, en: 'Not a tester of this app', zh: '该用户不是体验者' },
  member_already: {
    status: 409,
    errcode: 85004,
    en: 'Already a {role} of this app',
    zh: '该用户已经是此小程序的成员（{role}）',
  },
  // Mini program codes, ordinary-link QR rules and the scan resolver (features/qrcodes)
  qr_invalid_page: {
    status: 422,
    errcode: 41030,
    en: 'invalid page: {reason}',
    zh: '页面不合法：{reasonZh}',
  },
  qr_path_reserved: {
    status: 400,
    errcode: 40097,
    en: 'invalid args: scancode_time is reserved and cannot appear in a path',
    zh: '参数不合法：scancode_time 为保留字段，不能出现在 path 中',
  },
  qr_invalid_scene_length: {
    status: 400,
    errcode: 40169,
    en: 'invalid length for scene (1 to 32 characters), or the data is not json string',
    zh: 'scene 长度不合法（1 至 32 个字符），或请求体不是 JSON',
  },
  qr_invalid_scene: {
    status: 400,
    errcode: 40129,
    en: "invalid scene: only digits, letters and !#$&'()*+,/:;=?@-._~ are allowed",
    zh: "scene 含有不允许的字符：只能使用数字、字母和 !#$&'()*+,/:;=?@-._~",
  },
  qr_invalid_env_version: {
    status: 400,
    errcode: 40097,
    en: 'invalid env_version: expected release, trial or develop',
    zh: 'env_version 不合法：应为 release、trial 或 develop',
  },
  qr_invalid_width: {
    status: 400,
    errcode: 40189,
    en: 'invalid width: {min} to {max} pixels',
    zh: 'width 不合法：应为 {min} 至 {max} 像素',
  },
  qr_lifetime_cap: {
    status: 429,
    errcode: 45029,
    en: 'qrcode count out of limit: {limit} codes from getwxacode and createwxaqrcode',
    zh: '生成码数量已达上限：getwxacode 与 createwxaqrcode 共 {limit} 个',
  },
  qr_image_invalid: {
    status: 422,
    errcode: 40097,
    en: 'The image could not be read: {reason}',
    zh: '无法读取图片：{reasonZh}',
  },
  qr_image_too_large: {
    status: 413,
    errcode: 40097,
    en: 'The image is too large: {reason}',
    zh: '图片过大：{reasonZh}',
  },
  qr_scan_busy: {
    status: 503,
    errcode: -1,
    en: 'The scanner is busy, please retry',
    zh: '识别繁忙，请稍后再试',
  },
  qr_code_not_found: {
    status: 422,
    errcode: 40097,
    en: 'No QR code found in the image',
    zh: '图片中没有找到二维码',
  },
  qr_jump_individual: {
    status: 403,
    errcode: 85075,
    en: 'individual mini programs cannot use ordinary-link QR rules on this platform',
    zh: '个人主体小程序无法使用扫普通链接二维码打开小程序',
  },
  qr_jump_bad_link: {
    status: 400,
    errcode: 85066,
    en: 'illegal link: {reason}',
    zh: '链接不合法：{reasonZh}',
  },
  qr_jump_debug_url: {
    status: 400,
    errcode: 85068,
    en: 'debug url {url} is not under the prefix (at most 5)',
    zh: '测试链接 {url} 不符合规则（最多 5 个）',
  },
  qr_jump_verification: {
    status: 422,
    errcode: 85069,
    en: 'check confirm file fail: {reason}',
    zh: '校验文件失败：{reasonZh}',
  },
  qr_jump_duplicate: {
    status: 409,
    errcode: 85071,
    en: 'already added this rule',
    zh: '已添加该链接，请勿重复添加',
  },
  qr_jump_taken: {
    status: 409,
    errcode: 85072,
    en: 'this prefix is claimed by another mini program: {reason}',
    zh: '该链接已被其他小程序占用：{reasonZh}',
  },
  qr_jump_full: {
    status: 409,
    errcode: 85073,
    en: 'qrcode rule list is full ({limit})',
    zh: '二维码规则已满（{limit} 条）',
  },
  qr_jump_not_released: {
    status: 409,
    errcode: 85074,
    en: 'the mini program has no released version',
    zh: '小程序未发布，不能发布二维码规则',
  },
  qr_jump_publish_quota: {
    status: 429,
    errcode: 886000,
    en: 'qrcode rule publish quota of this month used up ({limit})',
    zh: '本月发布二维码规则次数已用完（{limit} 次）',
  },
  qr_jump_rule_not_found: {
    status: 404,
    errcode: 40097,
    en: 'invalid args: no rule with this prefix',
    zh: '参数不合法：没有此前缀的规则',
  },
  qr_jump_published_edit: {
    status: 409,
    errcode: 40097,
    en: 'invalid args: a published rule cannot be edited',
    zh: '参数不合法：已发布的规则不能修改',
  },
  // Official accounts (features/official-accounts), WeChat's errcodes.
  oa_invalid_openid: { status: 400, errcode: 40003, en: 'invalid openid', zh: '不合法的 OpenID' },
  oa_user_list_size: {
    status: 400,
    errcode: 40097,
    en: 'invalid args: user_list holds 1 to 100 openids',
    zh: '参数错误：user_list 需包含 1 到 100 个 openid',
  },
  link_app_limit: {
    status: 409,
    errcode: 89009,
    en: 'the mini program is linked to too many official accounts ({limit})',
    zh: '该小程序关联的公众号已达上限（{limit} 个）',
  },
  link_pending: {
    status: 409,
    errcode: 89010,
    en: 'a link request is already waiting for confirmation',
    zh: '已发送关联邀请，等待对方确认',
  },
  link_already: { status: 409, errcode: 89015, en: 'already linked', zh: '已关联该小程序' },
  link_same_subject_quota: {
    status: 409,
    errcode: 89016,
    en: 'same-subject links of this account are used up ({limit})',
    zh: '同主体关联小程序已达上限（{limit} 个）',
  },
  link_other_subject_quota: {
    status: 409,
    errcode: 89017,
    en: 'other-subject links of this account are used up ({limit})',
    zh: '非同主体关联小程序已达上限（{limit} 个）',
  },
  link_unlink_pending: {
    status: 409,
    errcode: 89018,
    en: 'unlinking was already requested',
    zh: '已发起解除关联，等待管理员确认',
  },
  link_month_quota: {
    status: 409,
    errcode: 89007,
    en: 'new links this month are used up ({limit})',
    zh: '本月新关联次数已达上限（{limit} 次）',
  },
  link_not_found: {
    status: 404,
    errcode: 40097,
    en: 'invalid args: no such link',
    zh: '参数错误：没有该关联',
  },
  link_not_your_turn: {
    status: 409,
    errcode: 40097,
    en: 'this link is not waiting for you ({reason})',
    zh: '该关联不需要你确认（{reason}）',
  },
  oa_miniprogram_not_linked: {
    status: 400,
    errcode: 40166,
    en: 'invalid appid: the mini program {appid} is not linked to this account',
    zh: '小程序 {appid} 未关联本公众号',
  },
  oa_miniprogram_page_invalid: {
    status: 400,
    errcode: 40165,
    en: 'invalid pagepath: {reason}',
    zh: '小程序页面路径不合法：{reasonZh}',
  },

  // Pushes to developer servers (delivery/push). WeChat has no API for the server
  // configuration (its console answers in words); 40097 is its "invalid args".
  push_url_verification_failed: {
    status: 422,
    errcode: 40097,
    en: 'The server URL failed verification: {reason}',
    zh: '服务器地址验证失败：{reasonZh}',
  },
  push_not_configured: {
    status: 409,
    errcode: 40097,
    en: 'The app has no server configured',
    zh: '尚未配置服务器地址',
  },
  push_busy: {
    status: 409,
    errcode: -1,
    en: 'The event is being delivered right now; replay it when that attempt is logged',
    zh: '该事件正在推送中，请在本次推送记录后再重新推送',
  },
} as const;

export type ErrorCode = keyof typeof catalogue;
