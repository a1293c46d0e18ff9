"""The words of every diagnostic code, in Chinese (default) and English. docs/diagnostics.md lists them all."""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pairkit.diagnostics import Bilingual, Diagnostic
from pairkit.personal import mask_numbers


class Lang(enum.StrEnum):
    ZH = "zh"
    EN = "en"


def default_lang() -> Lang:
    return Lang.EN if os.environ.get("PAIRKIT_LANG", "").lower().startswith("en") else Lang.ZH


@dataclass(frozen=True)
class Message:
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""


CATALOG: dict[str, Message] = {
    # --- files ---
    "PK001": Message(
        "无法读取文件：{reason}",
        "cannot read the file: {reason}",
        "检查文件是否存在、是否有读取权限",
        "check that the file exists and can be read",
    ),
    "PK002": Message(
        "文件不是 UTF-8 编码（看起来是 {encoding}）",
        "the file is not UTF-8 (it looks like {encoding})",
        "用记事本或 WPS 打开，选择“另存为”，编码选 UTF-8 后保存",
        "open it in an editor and save it again with the encoding UTF-8",
    ),
    "PK003": Message(
        "这不是文本文件，无法作为记录读取",
        "this is not a text file and cannot be read as records",
        "记录文件必须是 .yaml 文本；把其他文件移出记录目录",
        "record files must be YAML text; move other files out of the records folder",
    ),
    "PK004": Message(
        "文件太大（{size} MB），单个记录文件不能超过 {limit} MB",
        "the file is too large ({size} MB); a record file may hold at most {limit} MB",
        "把记录按年份或学校拆分成多个文件",
        "split the records into several files, by year or by school",
    ),
    "PK005": Message(
        "这是{kind}，不是普通文件，没有读取",
        "this is {kind}, not a regular file; it was not read",
        "记录文件必须是普通的 .yaml 文本文件：把它移出记录目录，或改一个不以 .yaml 结尾的名字",
        "record files must be plain .yaml text files: move it out of the records folder or rename it",
    ),
    "PK006": Message(
        "这是指向记录目录之外的快捷方式（符号链接），没有读取",
        "this is a link (symbolic link) that leads outside the records folder; it was not read",
        "把它指向的文件或文件夹复制到记录目录中，再删除这个链接",
        "copy the file or folder it points to into the records folder, then delete the link",
    ),
    "PK007": Message(
        "这是循环指向自身的快捷方式（符号链接），无法读取",
        "this link (symbolic link) leads round in a loop and cannot be read",
        "删除这个链接，或让它指向一个真实的记录文件",
        "delete the link, or point it at a real record file",
    ),
    # --- the records tree as a whole ---
    "PK040": Message(
        "{path} 中没有记录文件（.yaml）",
        "{path} holds no record files (.yaml)",
        "记录目录里要有 .yaml 记录文件，其中一个写有项目设置 programme:（名称 name、主管单位 office）；"
        "检查路径是否写对，或用 pairkit init 新建一个带示例的记录目录",
        "a records folder holds .yaml record files, one of them with the programme settings (programme: with name "
        "and office); check the path, or create a records folder with examples using pairkit init",
    ),
    "PK041": Message(
        "没有找到项目设置（programme），无法确定项目名称、主管单位和校历",
        "no programme settings found: the programme's name, office and calendar are unknown",
        "在记录目录中新建 programme.yaml，写上 programme: 以及项目名称 name 和主管单位 office"
        "（pairkit init 生成的 records/programme.yaml 可作样子）",
        "add programme.yaml to the records folder with programme: and the programme's name and office "
        "(the records/programme.yaml that pairkit init writes is an example)",
    ),
    "PK042": Message(
        "另有 {count} 个问题暂不列出：{why}",
        "{count} more problems are held back: {why}",
        "先改正上面这个问题再运行一次，其余问题如果仍然存在就会列出",
        "fix the problem above and run again; the others are listed then if they remain",
    ),
    # --- YAML ---
    "PK101": Message(
        "YAML 格式错误：{problem}",
        "YAML syntax error: {problem}",
        "检查这一行及上一行的缩进、冒号和引号；同级字段要对齐，冒号后面要有空格",
        "check the indentation, colons and quotes on this line and the one before",
    ),
    "PK102": Message(
        "字段 {key} 重复出现",
        "the key {key} appears twice",
        "同一条记录里每个字段只能写一次：删除或合并重复的一行",
        "each key may appear once in a record: delete or merge the repeated line",
    ),
    "PK103": Message(
        "不支持的 YAML 标记 {tag}",
        "unsupported YAML tag {tag}",
        "去掉以 ! 开头的标记或 <<，直接写出字段和值",
        "remove the tag (starting with !) or the << merge and write the fields out",
    ),
    "PK104": Message(
        "结构嵌套过深，或锚点别名展开后过大，已拒绝读取",
        "the structure is nested too deeply, or too large once its aliases are expanded",
        "记录只需两三层缩进：检查是否多写了括号或缩进；不要用锚点和别名（& 和 *）复制内容",
        "records need only a few levels: look for stray brackets or indentation; do not copy content with & and *",
    ),
    "PK105": Message(
        "文件顶层必须是“分类: 列表”的形式，例如 activities:",
        "the top level of a record file must be sections such as activities:",
        "文件第一行写分类名（如 activities:），下面每条记录以 - 开头",
        "start the file with a section name such as activities:, then one '- ' item per record",
    ),
    "PK106": Message(
        "未知的分类 {section}{did_you_mean}",
        "unknown section {section}{did_you_mean}",
        "可用的分类：{allowed}",
        "sections are: {allowed}",
    ),
    "PK107": Message(
        "分类 {section} 下面应是记录列表",
        "the section {section} must be a list of records",
        "每条记录以“- ”开头，缩进两格",
        "start each record with '- ', indented by two spaces",
    ),
    # --- fields ---
    "PK201": Message(
        "{record}的{field} {value} 不是有效的日期",
        "{record} {field} {value} is not a calendar date",
        "检查月份和日期，例如 2 月只有 28 或 29 天",
        "check the month and day: February has 28 or 29 days",
    ),
    "PK202": Message(
        "{record}的{field}应是日期，写成了 {value}",
        "{record} {field} must be a date, found {value}",
        "日期写成 年-月-日，例如 2024-09-01",
        "write dates as year-month-day, e.g. 2024-09-01",
    ),
    "PK203": Message(
        "{record}中有未知字段 {field}{did_you_mean}",
        "unknown field {field} in {record}{did_you_mean}",
        "可用的字段：{allowed}",
        "fields are: {allowed}",
    ),
    "PK204": Message(
        "{record}缺少必填字段 {field}（{field_en}）",
        "{record} is missing the required field {field}",
        "补上这一字段，见 docs/records.md",
        "add the field; see docs/records.md",
    ),
    "PK205": Message(
        "{record}的{field}应是{expected}，写成了 {value}",
        "{record} {field} must be {expected}, found {value}",
        "{type_zh}",
        "{type_en}",
    ),
    "PK206": Message(
        "{record}的{field}不能是 {value}",
        "{record} {field} cannot be {value}",
        "可选值：{choices}",
        "choose one of: {choices}",
    ),
    "PK207": Message(
        "{record}的{field} {value} 不在词表 {vocabulary} 中{did_you_mean}",
        "{record} {field} {value} is not in the vocabulary {vocabulary}{did_you_mean}",
        "使用词表中的代码或中文名称，或在 programme.vocabularies.{vocabulary} 中新增",
        "use a key or label of the vocabulary, or add it under programme.vocabularies.{vocabulary}",
    ),
    "PK208": Message(
        "{record}的{field} {value} 格式不对",
        "{record} {field} {value} has the wrong form",
        "{form_zh}",
        "{form_en}",
    ),
    "PK209": Message(
        "{record}的{field} {value} 超出范围（应 {limit}）",
        "{record} {field} {value} is out of range (must be {limit})",
        "{range_zh}",
        "{range_en}",
    ),
    "PK210": Message(
        "捐赠记录既没有资金（cash）也没有物资（items）",
        "the donation has neither cash nor items",
        "写出资金金额，或列出捐赠的物资",
        "give the cash amount or list the donated items",
    ),
    "PK221": Message(
        "{record}的{field} {value} 不是一段时间",
        "{record} {field} {value} is not a length of time",
        "写成 1年、10个月、1年6个月 或 90天",
        "write it as 1年, 10个月, 1年6个月 or 90天 (years, months, days)",
    ),
    "PK222": Message(
        "选派时限规则缺少截止日 by",
        "a deadline over secondments needs the day by",
        "写出每年的截止日，例如 by: 07-31（7 月 31 日前）",
        "give the day of the year, e.g. by: 07-31",
    ),
    "PK219": Message(
        "{record}的{field}无效：{problem}",
        "{record} {field} is invalid: {problem}",
        "对照 docs/records.md 修改",
        "see docs/records.md",
    ),
    # --- personal data (masked: the number is never shown in full) ---
    "PK240": Message(
        "{record}的身份证号 {value} 格式不对",
        "{record} id_number {value} has the wrong form",
        "身份证号是 18 位：前 17 位是数字，最后一位是数字或 X；写成带引号的文字，以免被当作数字",
        "an ID number has 18 characters: 17 digits, then a digit or X; write it in quotes so it stays text",
    ),
    "PK241": Message(
        "{record}的身份证号 {value} 中的出生日期不是有效的日期",
        "{record} id_number {value} holds a birth date that is not a calendar date",
        "身份证号第 7 到 14 位是出生日期（年月日）：核对是否抄错",
        "characters 7 to 14 of an ID number are the birth date: check for a slip",
    ),
    "PK242": Message(
        "{record}的身份证号 {value} 校验位不对，可能有一位抄错了",
        "{record} id_number {value} fails its check digit: a digit is probably wrong",
        "逐位核对身份证号；最后一位由前 17 位算出（GB 11643），是 X 时要写 X",
        "check the number digit by digit; the last character follows from the first 17 (GB 11643)",
    ),
    "PK243": Message(
        "{record}的联系电话 {value} 格式不对",
        "{record} phone {value} has the wrong form",
        "写 11 位手机号码，或带区号的固定电话（如 0591-87654321），写成带引号的文字",
        "write an 11-digit mobile number, or a landline with its area code (0591-87654321), in quotes",
    ),
    "PK244": Message(
        "{person}的身份证号中的出生日期与出生日期 birth_date（{birth_date}）不一致",
        "the birth date in the ID number of {person} differs from birth_date ({birth_date})",
        "核对身份证号和出生日期，改正抄错的一处",
        "check the ID number and the birth date, and correct the one that is wrong",
    ),
    "PK245": Message(
        "{person}的身份证号表明性别为{id_gender}，与性别 gender（{gender}）不一致",
        "the ID number of {person} is that of a {id_gender}, but gender says {gender}",
        "身份证号第 17 位单数为男、双数为女：核对身份证号和性别",
        "the 17th digit of an ID number is odd for a man and even for a woman: check both",
    ),
    "PK246": Message(
        "{person}的身份证号与另一个人员记录相同，首次出现在 {related}",
        "{person} has the same ID number as another person record, first at {related}",
        "同一个人只记一条人员记录：合并两条记录，或改正抄错的身份证号",
        "keep one person record per person: merge the two, or correct the number that was copied wrongly",
    ),
    # --- identity and references ---
    "PK301": Message(
        "{record}编号 {id} 重复，首次出现在 {related}",
        "{record} ID {id} is used again; first used at {related}",
        "每个编号只能用一次：给这条记录换一个编号",
        "an ID may be used once: give this record another ID",
    ),
    "PK302": Message(
        "找不到编号为 {id} 的{target}{did_you_mean}",
        "no {target} has the ID {id}{did_you_mean}",
        "引用时写对方记录的 id；先添加该{target}，或改正拼写",
        "refer to records by their id; add the {target} first or fix the spelling",
    ),
    "PK303": Message(
        "项目设置（programme）重复，已在 {related} 定义",
        "programme settings appear again; they are defined at {related}",
        "整个记录目录只能有一个 programme: 段，删除多余的一个",
        "a records tree has one programme: block; delete this one",
    ),
    "PK305": Message(
        "受援单位 {id} 重复，或与支援单位相同",
        "recipient {id} is repeated or is the supporter itself",
        "一个结对里每个单位只出现一次",
        "list each unit once in a pairing",
    ),
    "PK311": Message(
        "选派 {id} 的派出单位和接收单位都是 {unit}",
        "secondment {id} is sent from and to the same unit {unit}",
        "接收单位 to 写对方学校；派出单位 from 不写时为本人所在单位",
        "to names the other school; from, when left out, is the person's own unit",
    ),
    "PK312": Message(
        "选派 {id} 的{side} {unit} 不是结对 {pairing} 的学校（结对学校：{units}）",
        "the {side} {unit} of secondment {id} is not a school of pairing {pairing} ({units})",
        "改正单位编号，或把选派归入正确的结对",
        "fix the unit, or put the secondment under the right pairing",
    ),
    "PK313": Message(
        "导师 {mentor} 同时被列为自己的徒弟",
        "the mentor {mentor} is also listed as their own mentee",
        "从 mentees 中删去导师本人",
        "remove the mentor from mentees",
    ),
    "PK314": Message(
        "徒弟 {mentee} 在同一师徒结对中列了两次",
        "the mentee {mentee} is listed twice in the mentorship",
        "删去重复的一项，或改成另一名徒弟的编号",
        "delete the repeated entry or put the other mentee's ID",
    ),
    "PK315": Message(
        "{role} {person} 不在结对 {pairing} 的{side}（{units}）",
        "the {role} {person} is not on the {side} of pairing {pairing} ({units})",
        "导师来自支援学校，徒弟来自受援学校：检查人员编号和所属结对",
        "mentors come from the supporting school and mentees from receiving schools: check the IDs and the pairing",
    ),
    "PK316": Message(
        "捐赠单位和受赠单位都是 {unit}",
        "the donation is given by {unit} to itself",
        "受赠单位 recipient 写接受捐赠的学校或单位",
        "recipient names the unit that received the donation",
    ),
    "PK317": Message(
        "捐赠的{side} {unit} 不是结对 {pairing} 的单位（结对单位：{units}）",
        "the donation's {side} {unit} is not a unit of pairing {pairing} ({units})",
        "改正单位编号，或把捐赠归入正确的结对（不属于某一结对的捐赠不写 pairing）",
        "fix the unit or the pairing (a donation of no pairing leaves pairing out)",
    ),
    "PK318": Message(
        "活动参与人员 {person} 不属于结对 {pairing} 的任何一方",
        "{person} took part in an activity of pairing {pairing} but belongs to neither side",
        "检查人员编号是否写错；其他学校的人参加时可不列入 people，只计入人次 attendance",
        "check the ID; people of other schools may be left out of people and counted in attendance only",
    ),
    "PK319": Message(
        "找不到{what}文件 {file}",
        "the {what} file {file} was not found",
        "文件路径相对于记录目录或它的上一级目录（仓库根目录）；把文件放进仓库，或改正路径",
        "paths are relative to the records folder or the one above it (the repository): add the file or fix the path",
    ),
    # --- dates ---
    "PK401": Message(
        "活动日期 {date} 不在结对 {pairing} 的起止日期（{start} 至 {end_or_open}）之内",
        "activity date {date} is outside pairing {pairing} ({start} to {end_or_open})",
        "改正活动日期，或调整结对的 start/end",
        "fix the activity date or the pairing's start/end",
    ),
    "PK402": Message(
        "{record}的结束日期 {end} 早于开始日期 {start}",
        "{record} ends on {end}, before it starts on {start}",
        "检查 start 和 end 是否写反或年份是否有误",
        "check whether start and end are swapped or the year is wrong",
    ),
    "PK403": Message(
        "{person} 的选派 {id} 与选派 {other}（{start} 至 {end}）时间重叠，一个人不能同时在两处",
        "secondment {id} of {person} overlaps secondment {other} ({start} to {end})",
        "调整其中一次选派的起止日期",
        "change the dates of one of the two secondments",
    ),
    "PK411": Message(
        "选派 {id} 的时间（{start} 至 {end}）超出结对 {pairing} 的起止日期（{pairing_start} 至 {pairing_end}）",
        "secondment {id} ({start} to {end}) runs outside pairing {pairing} ({pairing_start} to {pairing_end})",
        "改正选派的起止日期，或调整结对的 start/end",
        "fix the secondment's dates or the pairing's start/end",
    ),
    # --- reports (pairkit report) ---
    "PK801": Message(
        "模板 {template} 有语法错误：{problem}",
        "the template {template} has a syntax error: {problem}",
        "检查这一行的 {{{{ }}}}、{% %} 是否成对，是否被 Word 或输入法换成了中文引号",
        "check that {{{{ }}}} and {% %} are paired and that no quotes were turned into curly quotes",
    ),
    "PK802": Message(
        "模板 {template} 使用了不存在的变量：{problem}",
        "the template {template} uses something that does not exist: {problem}",
        "可用的变量见 docs/reports.md；检查拼写",
        "the variables are listed in docs/reports.md; check the spelling",
    ),
    "PK803": Message(
        "模板 {template} 试图访问不允许的内容，已拒绝：{problem}",
        "the template {template} tried to reach something it may not, and was stopped: {problem}",
        "模板只能使用 docs/reports.md 列出的数据和过滤器",
        "templates may use only the data and filters listed in docs/reports.md",
    ),
    "PK804": Message(
        "已删除 {count} 个 Word 无法保存的字符（{chars}），出现在“{sample}”",
        "dropped {count} characters Word cannot hold ({chars}), in “{sample}”",
        "在记录中删除这些控制字符，通常是从其他软件复制文字时带入的",
        "remove these control characters from the records; they usually come from pasted text",
    ),
    # PK805 (no Chinese font for the chart) is retired, never to be reused: the chart is Word's own, drawn with the
    # document's fonts.
    "PK806": Message(
        "找不到模板文件 {name}",
        "the template file {name} was not found",
        "用 pairkit template export 导出默认模板，再按需修改",
        "export the default templates with pairkit template export and edit them",
    ),
    "PK807": Message(
        "无法写入 {file}：{reason}",
        "cannot write {file}: {reason}",
        "检查目录是否存在、是否有写入权限，文件是否正在 Word/WPS 中打开",
        "check the folder exists and is writable, and that the file is not open in Word or WPS",
    ),
    "PK808": Message(
        "基础模板缺少样式“{style}”，已改用正文样式",
        "the base document has no style “{style}”; the body style is used instead",
        "在 Word 中打开基础模板新建这一样式，或重新导出默认模板",
        "add the style to the base document in Word, or export the default templates again",
    ),
    "PK809": Message(
        "基础模板 {file} 无法打开：{reason}",
        "the base document {file} cannot be opened: {reason}",
        "基础模板必须是 Word 2007 及以后的 .docx 文件（不是 .doc 或 .wps）",
        "the base document must be a .docx file (not .doc or .wps)",
    ),
    "PK810": Message(
        "模板 {template} 运行出错：{problem}",
        "the template {template} failed: {problem}",
        "检查这一行使用的过滤器和数据类型",
        "check the filters and values used on this line",
    ),
    "PK811": Message(
        "人员的政治面貌（political_status）与 party_member 不一致",
        "the person's political_status contradicts party_member",
        "只写 political_status（如 中共党员、共青团员、群众），删去旧的 party_member",
        "keep only political_status (e.g. 中共党员, 共青团员, 群众) and remove the older party_member",
    ),
    "PK840": Message(
        "模板 {template} 的运算结果太大，已停止：{problem}",
        "the template {template} computes something far too large and was stopped: {problem}",
        "报告里的数不需要这么大：检查这一行的 **（乘方）、*（重复文字或列表）和 range()",
        "no figure of a report is this large: check the ** (power), * (repetition) and range() on this line",
    ),
    "PK841": Message(
        "模板 {template} 运行超过 {problem} 秒，已停止",
        "the template {template} ran for more than {problem} seconds and was stopped",
        "检查这一行附近的循环：是否循环套循环，或循环的次数过多",
        "look at the loops around this line: nested loops, or loops over far too many items",
    ),
    "PK842": Message(
        "模板 {template} 需要的内存超过 {problem} MB，已停止",
        "the template {template} needed more than {problem} MB of memory and was stopped",
        "检查这一行生成的文字：是否把文字重复或填充得过长（如 center、indent、format 的宽度）",
        "look at the text this line makes: text repeated or padded far too long (widths of center, indent, format)",
    ),
    "PK843": Message(
        "模板 {template} 试图引入模板目录之外的文件 {name}，已拒绝",
        "the template {template} tried to include {name}, which is outside the template folders; refused",
        "只能引入模板目录中的模板，写相对于模板目录的文件名，例如 sections/1-overview.md.j2",
        "include only templates of the template folder, named relative to it, e.g. sections/1-overview.md.j2",
    ),
    "PK850": Message(
        "{period}（{dates}）没有任何活动、选派或捐赠记录",
        "{period} ({dates}) holds no activity, secondment or donation",
        "{covered}。检查统计期间（--year、--term 等）是否写对；确实需要这一期间的空白报告，加 --allow-empty",
        "{covered}. Check the period (--year, --term …); to write the empty report anyway, add --allow-empty",
    ),
    "PK851": Message(
        "{file} 在 pairkit 生成之后被修改过（可能已在 Word、WPS 或 Excel 中编辑），没有覆盖",
        "{file} was changed after pairkit wrote it (edited in Word, WPS or Excel?); it was not overwritten",
        "用 -o 另存为新文件，例如 -o {copy}；或加 --force 重新生成，原文件先保留为 {copy}",
        "write to another file, e.g. -o {copy}; or add --force to write it again, keeping the old file as {copy}",
    ),
    "PK852": Message(
        "{file} 已存在，但不是 pairkit 生成的文件（或是旧版 pairkit 生成的），没有覆盖",
        "{file} exists and is not a file pairkit wrote (or an older pairkit wrote it); it was not overwritten",
        "用 -o 另存为新文件，例如 -o {copy}；或加 --force 重新生成，原文件先保留为 {copy}",
        "write to another file, e.g. -o {copy}; or add --force to write it again, keeping the old file as {copy}",
    ),
    "PK853": Message(
        "{file} 正在 Word 或 WPS 中打开（锁文件 {lock}），没有写入",
        "{file} is open in Word or WPS (lock file {lock}); nothing was written",
        "在 Word 或 WPS 中关闭这个文档后重新运行，或用 -o 另存为其他文件名；如果文档其实没有打开，删除锁文件 {lock}",
        "close the document in Word or WPS and run again, or give another name with -o; if it is not open, delete "
        "the lock file {lock}",
    ),
    "PK860": Message(
        "报告正文把超过 {limit} 项的清单（{lists}）按指标和{area}汇总，没有逐项列出",
        "the report's body sums up the lists longer than {limit} items ({lists}) by rule and by {area}",
        "需要逐项清单时加 --annex full，清单附在报告之后；每项指标的完成情况也可用 pairkit export 导出到 Excel 台账",
        "add --annex full to have the full lists annexed; pairkit export writes every rule's result to the Excel "
        "ledger",
    ),
    "PK861": Message(
        "“{annex}”有 {rows} 行，超过 {limit} 行，没有附在报告中",
        "“{annex}” would take {rows} rows, more than {limit}, and is not annexed to the report",
        "这样长的明细请用 pairkit export 导出 Excel 台账（活动台账、指标完成情况）查看和筛选",
        "export the Excel ledger with pairkit export (its activity and rule sheets) to read and filter details "
        "this long",
    ),
    # --- fmt, add, init ---
    "PK701": Message(
        "无法整理此文件的格式：{problem}",
        "cannot format this file: {problem}",
        "先按 pairkit validate 的提示改正这一处，再运行 pairkit fmt",
        "fix this place as pairkit validate says, then run pairkit fmt again",
    ),
    "PK702": Message(
        "文件不是规范格式（从第 {line} 行起不同）",
        "the file is not in the canonical layout (it differs from line {line})",
        "运行 pairkit fmt {file} 整理格式（注释会保留）",
        "run pairkit fmt {file} to lay it out (comments are kept)",
    ),
    # --- Excel: import and export ---
    "PK601": Message(
        "无法作为工作簿读取：这是{kind}",
        "cannot be read as a workbook: it is {kind}",
        "在 Excel 或 WPS 中打开台账，选择“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，导入另存的文件",
        "open the ledger in Excel or WPS and save it as an Excel workbook (*.xlsx), then import that file",
    ),
    "PK602": Message(
        "这是旧版 Excel 97-2003 工作簿（.xls），只能导入 .xlsx 或 .csv",
        "this is an old Excel 97-2003 workbook (.xls); only .xlsx and .csv can be imported",
        "在 WPS 或 Excel 中打开它，选择“文件 → 另存为”，文件类型选“Excel 工作簿 (*.xlsx)”，再导入另存的文件",
        "open it in WPS or Excel, choose File → Save As, type Excel Workbook (*.xlsx), and import the new file",
    ),
    "PK603": Message(
        "工作簿设置了打开密码（已加密），无法读取",
        "the workbook is protected by a password (encrypted) and cannot be read",
        "在 Excel 中打开后选择“文件 → 信息 → 保护工作簿 → 用密码进行加密”，清空密码后保存；"
        "WPS 中选择“文件 → 文档加密 → 密码加密”，删除打开密码后保存",
        "in Excel choose File → Info → Protect Workbook → Encrypt with Password, clear it and save; "
        "in WPS remove the password under File → Document Encryption",
    ),
    "PK604": Message(
        "工作簿太大（{size} MB，上限 {limit} MB），已拒绝读取",
        "the workbook is too large ({size} MB; the limit is {limit} MB) and was not read",
        "把台账按学期或学校拆成几个文件分别导入；如果文件本不该这么大，它可能已损坏或被篡改",
        "split the ledger by term or school and import the parts; if it should not be this large it may be damaged",
    ),
    "PK605": Message(
        "工作表“{sheet}”有 {rows} 行（{columns} 列），超过一次导入的上限 {limit} 行或 400 万个单元格，已拒绝读取",
        "the sheet “{sheet}” spans {rows} rows ({columns} columns), over the limit of {limit} rows or 4 million "
        "cells for one import; it was not read",
        "把数据拆成几个工作簿分别导入；删除表格末尾无用的行和列（选中后右键“删除”，不要只清除内容）",
        "split the data into several workbooks; delete unused rows and columns at the end (delete, not just clear)",
    ),
    "PK606": Message(
        "CSV 文件既不是 UTF-8 也不是 GBK 编码，无法读取",
        "the CSV file is neither UTF-8 nor GBK and cannot be read",
        "在 Excel 或 WPS 中打开，另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）",
        "open it in Excel or WPS and save it as CSV UTF-8 or as an Excel workbook (.xlsx)",
    ),
    "PK607": Message(
        "数据行中有合并单元格 {cells}，无法确定每一行的值",
        "merged cells {cells} in the data rows: the value of each row cannot be told",
        "选中这些单元格，取消合并，并在每一行都填写完整的值（表头上方的标题行可以合并）",
        "unmerge these cells and fill in the value on every row (the title above the header may stay merged)",
    ),
    "PK608": Message(
        "工作表“{sheet}”是隐藏的，没有导入",
        "the sheet “{sheet}” is hidden and was not imported",
        "如需导入，在 Excel 或 WPS 中右键点击工作表标签，选择“取消隐藏”，保存后再导入",
        "to import it, right-click a sheet tab in Excel or WPS, choose Unhide, save and import again",
    ),
    "PK609": Message(
        "工作表“{sheet}”中找不到台账的表头，没有导入",
        "no ledger header was found in the sheet “{sheet}”; it was not imported",
        "表头应在前 15 行内，并包含以下列名（{expected}）；可用 pairkit export --template 生成登记表",
        "the header must be in the first 15 rows with these columns ({expected}); pairkit export --template "
        "writes a blank form",
    ),
    "PK610": Message(
        "列 {columns} 不是{record}记录的字段，已忽略",
        "the columns {columns} are not fields of a {record} and were ignored",
        "可用的列：{allowed}；如果是列名写法不同，改成这些名称",
        "the columns are: {allowed}; rename a column if it means one of these",
    ),
    "PK611": Message(
        "工作表“{sheet}”缺少“{column}”列",
        "the sheet “{sheet}” has no column “{column}”",
        "在表头中增加这一列并逐行填写",
        "add the column to the header and fill it in on every row",
    ),
    "PK612": Message(
        "找不到{target}“{value}”{did_you_mean}",
        "no {target} is called “{value}”{did_you_mean}",
        "写{target}的全称、简称或编号，与记录中的写法一致",
        "write the {target}'s full name, short name or ID as the records have it",
    ),
    "PK613": Message(
        "“{value}”对应多个{target}：{candidates}",
        "“{value}” names more than one {target}: {candidates}",
        "写成 名称（编号） 以区分，例如 {value}（编号）",
        "write name (ID) to tell them apart",
    ),
    "PK614": Message(
        "{column}“{value}”无法识别",
        "{column} “{value}” cannot be understood",
        "写成 {example} 的形式，多项之间用分号分隔",
        "write it like {example}, separating entries with semicolons",
    ),
    "PK615": Message(
        "单元格是公式 {formula}，但工作簿中没有保存它的计算结果",
        "the cell holds the formula {formula} but the workbook has no saved result for it",
        "在 Excel 或 WPS 中打开工作簿并保存一次（会计算公式）；或复制后“选择性粘贴 → 数值”",
        "open and save the workbook once in Excel or WPS so that the formula is calculated, or paste it as values",
    ),
    "PK616": Message(
        "单元格的值是错误 {value}",
        "the cell holds the error value {value}",
        "改正产生错误的公式或填写实际的值",
        "fix the formula that produced the error, or type the value",
    ),
    "PK617": Message(
        "工作簿中没有可导入的台账",
        "the workbook holds no ledger to import",
        "台账工作表应有表头（{expected}）；可用 pairkit export --template 生成登记表",
        "a ledger sheet needs a header ({expected}); pairkit export --template writes a blank form",
    ),
    "PK618": Message(
        "列“{column}”重复，已在 {first} 出现",
        "the column “{column}” appears again; it is first at {first}",
        "删除或改名重复的列",
        "delete or rename the repeated column",
    ),
    "PK619": Message(
        "无法写入 {file}：{reason}",
        "cannot write {file}: {reason}",
        "检查目录是否存在、是否有写入权限；如果文件正在 Excel 或 WPS 中打开，请先关闭",
        "check that the folder exists and is writable; if the file is open in Excel or WPS, close it first",
    ),
    "PK620": Message(
        "{file} 正在 Excel 或 WPS 中打开（锁文件 {lock}），没有写入",
        "{file} is open in Excel or WPS (lock file {lock}); nothing was written",
        "关闭这个工作簿后重新导出，或用 -o 另存为其他文件名",
        "close the workbook and export again, or give another file name with -o",
    ),
    # --- add ---
    "PK730": Message(
        "“{value}”不是“字段=值”的写法",
        "“{value}” is not written as field=value",
        "每一项写成 字段=值，字段之间用逗号分隔，例如 {example}；字段可写英文名或中文名",
        "write each block as field=value pairs separated by commas, e.g. {example}; fields by key or Chinese title",
    ),
    # --- the write path of add and import ---
    "PK711": Message(
        "记录目录正被另一个 pairkit 命令修改（{holder}），等了 {wait} 秒仍未结束",
        "another pairkit command is changing the records ({holder}); it has not finished after {wait} seconds",
        "等它结束后再运行（锁文件 {lock} 在它结束时自动解除，不必手动删除）",
        "run again when it has finished (the lock file {lock} is released when it ends; never delete it by hand)",
    ),
    "PK712": Message(
        "无法写入 {file}：{reason}，没有改动任何记录文件",
        "cannot write {file}: {reason}; no record file was changed",
        "检查磁盘空间和写入权限，文件是否在其他程序中打开，然后重新运行",
        "check the disk space and permissions and whether another program holds the file, then run again",
    ),
    "PK713": Message(
        "{file} 在读取之后被其他程序修改了，没有改动任何记录文件",
        "{file} was changed by another program after it was read; no record file was changed",
        "保存或关闭正在编辑这个文件的程序，然后重新运行",
        "save or close the program editing this file, then run again",
    ),
    "PK714": Message(
        "{file} 是快捷方式（符号链接），pairkit 不通过链接写入，没有写入",
        "{file} is a link (symbolic link); pairkit does not write through links, and wrote nothing",
        "写到另一个文件名，或先删除这个链接",
        "write to another file name, or delete the link first",
    ),
    "PK715": Message(
        "{file} 是{kind}，不是普通文件，没有写入",
        "{file} is {kind}, not a regular file; nothing was written",
        "换一个文件名",
        "choose another file name",
    ),
    "PK716": Message(
        "文件夹 {folder} 不存在（或者不是文件夹），没有写入 {file}",
        "the folder {folder} does not exist (or is not a folder); {file} was not written",
        "检查路径的拼写，或先建好这个文件夹",
        "check the spelling of the path, or create the folder first",
    ),
    "PK717": Message(
        "{file} 在整理期间被其他程序修改，没有整理这个文件",
        "{file} was changed by another program while it was being formatted; it was left as it is",
        "保存或关闭正在编辑它的程序，然后重新运行 pairkit fmt",
        "save or close the program editing it, then run pairkit fmt again",
    ),
    # --- rules and waivers ---
    "PK501": Message(
        "豁免的对象 {scope} 不是已知的结对、单位或人员编号{did_you_mean}",
        "the waiver's scope {scope} is not a known pairing, unit or person ID{did_you_mean}",
        "写结对、单位或人员的 id；结对的某一学科写成 结对编号/学科，例如 wz-gd-st/math",
        "use the id of a pairing, unit or person; a pairing's subject is written pairing-id/subject",
    ),
    "PK511": Message(
        "计{counting}的规则不能按{measure}计量",
        "a rule counting {counting} cannot measure in {measure}",
        "可用的计量：{allowed}",
        "measures for {counting}: {allowed}",
    ),
    "PK512": Message(
        "计{counting}的规则不能用 {field} 选取",
        "a rule counting {counting} cannot select by {field}",
        "{field} 只用于{applies}；删去这一项",
        "{field} applies to {applies} only; remove it",
    ),
    "PK513": Message(
        "人员范围 who 只用于按人统计（per: 每人）",
        "who applies only to rules counted per person (per: person)",
        "改为 per: 每人，或删去 who",
        "set per: person, or remove who",
    ),
    "PK514": Message(
        "计{counting}的规则不能按学科统计（{per}）",
        "a rule counting {counting} cannot be counted per subject ({per})",
        "按学科统计只用于活动和选派；改用 每个结对 或 每所受援学校",
        "per-subject scopes apply to activities and secondments only",
    ),
    # --- internal ---
    "PK900": Message(
        "检查 {check} 出错：{problem}",
        "the check {check} failed: {problem}",
        "这是 pairkit 的缺陷，请把这一行报告给维护者；其他检查结果仍然有效",
        "this is a bug in pairkit; please report this line. The other results stand",
    ),
}

_DERIVED_ZH: dict[str, Callable[[dict[str, str]], str]] = {
    "did_you_mean": lambda a: f"，是不是 {a['suggestion']}？" if a.get("suggestion") else "",
    "end_or_open": lambda a: a.get("end") or "长期",
    "form_zh": lambda a: (
        "学校标识码是 10 位数字，写成带引号的文字"
        if a.get("what") == "code"
        else "编号只用字母、数字和 - _ . ，以字母或数字开头，例如 yc-yizhong"
    ),
    "type_zh": lambda a: (
        '像数字的编号、代码请加引号，例如 "3505250001"'
        if a.get("expected") == "文字"
        else "按要求的类型改写，数字用阿拉伯数字，例如 45"
    ),
    "range_zh": lambda a: "检查数字是否多写或少写了一位" if a.get("measure") == "value" else "检查是否漏填了内容",
}
_DERIVED_EN: dict[str, Callable[[dict[str, str]], str]] = {
    "did_you_mean": lambda a: f" (did you mean {a['suggestion']}?)" if a.get("suggestion") else "",
    "end_or_open": lambda a: a.get("end") or "open-ended",
    "form_en": lambda a: (
        "a school code is 10 digits, written in quotes"
        if a.get("what") == "code"
        else "IDs use letters, digits, - _ and ., starting with a letter or digit"
    ),
    "type_en": lambda a: (
        'quote codes that look like numbers, e.g. "3505250001"'
        if a.get("expected") == "text"
        else "write the value in that form; numbers in digits, e.g. 45"
    ),
    "range_en": lambda a: "check for a digit too many or too few" if a.get("measure") == "value" else "fill it in",
}


def _args(args: Mapping[str, str | Bilingual], lang: Lang) -> dict[str, str]:
    """The values that fill a message; a value that looks like an ID or phone number is masked (``personal``)."""
    plain = {
        k: (v.en if lang is Lang.EN else v.zh) if isinstance(v, Bilingual) else mask_numbers(v) for k, v in args.items()
    }
    field = args.get("field")
    plain["field_en"] = field.en if isinstance(field, Bilingual) else plain.get("field", "")
    derived = _DERIVED_EN if lang is Lang.EN else _DERIVED_ZH
    plain.update({k: fn(plain) for k, fn in derived.items()})
    return plain


class _Lenient(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(diag: Diagnostic, lang: Lang) -> tuple[str, str]:
    """The message and hint of a diagnostic in ``lang``."""
    message = CATALOG[diag.code]
    args = _Lenient(_args(diag.args, lang))
    if lang is Lang.EN:
        return message.en.format_map(args), message.hint_en.format_map(args)
    return message.zh.format_map(args), message.hint_zh.format_map(args)
