"""The Family F samples: what six units wrote, in the outline styles of templates.md."""
from __future__ import annotations

from samples.narrative_catalog import H, NarrativeSpec, T

DUTY = ('负责本部门职责范围内的各项工作，贯彻落实上级决策部署，组织实施年度重点工作任务，'
        '加强内部管理和制度建设，推进依法行政。')
GOALS = '全面完成年度绩效目标，重点工作按期推进，资金使用规范，群众满意度较高。'
PROBLEMS = '预算编制的精细化程度有待提高，部分项目资金支付进度偏慢，绩效目标设置不够量化。'


def province_2023() -> NarrativeSpec:
    return NarrativeSpec(
        name='yingji-2023-narrative-province', description='Hunan province style (湘财绩): 一、/'
        '（一）/1. headings, staff, income and expenditure stated in the prose, '
        '四、绩效自评结果拟应用和公开情况 last.',
        title=['湖南省应急管理厅2023年度部门整体支出绩效自评报告'], department='湖南省应急管理厅',
        year=2023, nodes=[
            H('一', '部门基本情况'), H('一/（一）', '部门职能职责'), T(DUTY),
            H('一/（二）', '机构设置及人员情况'),
            T('本部门内设机构12个，核定编制{staff_authorized:86}人，在职人员{staff_in_service:81}人，'
              '退休人员{staff_retired:23}人。'),
            H('二', '部门预算收支情况'), H('二/（一）', '收入情况'),
            T('2023年度收入合计{income_total:5,236.48}万元，其中：一般公共预算财政拨款'
              '{income_fiscal:4,986.48}万元，上年结转{income_carryover:250.00}万元。'),
            H('二/（二）', '支出情况'),
            T('2023年度支出合计{expenditure_total:5,108.36}万元，其中：基本支出{expenditure_basic:1,608.36}万元，'
              '项目支出{expenditure_project:3,500.00}万元。基本支出中，人员经费{expenditure_personnel:1,352.10}万元，'
              '公用经费{expenditure_public:256.26}万元。'),
            H('三', '部门整体支出绩效情况'), H('三/（一）', '资金投入情况分析'),
            H('三/（一）/1', '项目资金到位情况'), T('年初预算资金全部按时到位，到位率100%。'),
            H('三/（一）/2', '项目资金执行情况'), T('全年预算执行率为97.6%，资金支付及时。'),
            H('三/（二）', '绩效目标完成情况'), T(GOALS),
            H('四', '存在的问题及原因'), T(PROBLEMS),
            H('五', '下一步改进措施'), T('加强预算编制管理，细化绩效目标，加快项目资金支付进度。'),
            H('六', '绩效自评结果拟应用和公开情况'), T('自评结果将在部门门户网站公开，并作为下年度预算安排的重要参考。'),
        ])


def county_2021() -> NarrativeSpec:
    return NarrativeSpec(
        name='nanxian-2021-narrative-county', description='County style: 一、基本情况 （一）部门整体支出'
        '概况 1、收入 … 2、支出 （1）… with changes against last year in the prose (not facts).',
        title=['政协南县委员会', '2021年度部门整体支出绩效自评报告'], department='政协南县委员会',
        year=2021, arabic='、', nodes=[
            H('一', '基本情况'), H('一/（一）', '部门整体支出概况'),
            H('一/（一）/1', '收入情况'),
            T('2021年收入合计{income_total:486.20}万元，同比上年度增加32.40万元，增长7.14%。'),
            H('一/（一）/2', '支出情况'),
            T('2021年支出合计{expenditure_total:479.85}万元，其中：基本支出{expenditure_basic:402.35}万元，'
              '项目支出{expenditure_project:77.50}万元。'),
            H('一/（一）/2/(1)', '基本支出'),
            T('人员经费{expenditure_personnel:356.10}万元，公用经费{expenditure_public:46.25}万元。'),
            H('一/（一）/2/(2)', '项目支出'), T('主要用于政协委员履职、提案办理和文史资料编纂。'),
            H('一/（二）', '部门整体支出绩效目标'), T(GOALS),
            H('一/（三）', '绩效目标实施情况分析'), T('各项工作任务均按计划完成。'),
            H('二', '存在的问题'), T(PROBLEMS),
            H('三', '改进措施'), T('进一步规范预算管理，提高资金使用效益。'),
        ])


def parts_2019() -> NarrativeSpec:
    return NarrativeSpec(
        name='shiyan-2019-narrative-parts', description='Hubei 十堰 style: 第一部分 / 第二部分 / 第三部分 '
        'over 一、二、; “三公”经费 stated with quotes.',
        title=['十堰市张湾区统计局2019年度部门整体支出绩效自评报告'], department='十堰市张湾区统计局',
        year=2019, nodes=[
            H('第一部分', '部门概况'), H('第一部分/一', '主要职能'), T(DUTY),
            H('第一部分/二', '人员情况'), T('核定编制{staff_authorized:18}人，职工总数{staff_total:25}人，其中在职人员'
                                          '{staff_in_service:17}人，退休人员{staff_retired:8}人。'),
            H('第二部分', '部门整体支出情况'), H('第二部分/一', '收支情况'),
            T('本年支出合计{expenditure_total:312.40}万元，其中：基本支出{expenditure_basic:268.40}万元，'
              '项目支出{expenditure_project:44.00}万元。'),
            H('第二部分/二', '三公经费'), T('“三公”经费{three_public_total:3.60}万元，较上年下降。'),
            H('第三部分', '绩效自评情况'), H('第三部分/一', '绩效目标完成情况'), T(GOALS),
            H('第三部分/二', '存在的问题'), T(PROBLEMS),
        ])


def bold_2017() -> NarrativeSpec:
    return NarrativeSpec(
        name='hengxian-2017-narrative-bold', description='Guangxi 横县 style: bold headings without '
        'numbers, and 一是/二是/三是 items under the last heading.',
        title=['横县水利局2017年度部门整体支出绩效自评报告'], department='横县水利局', year=2017, nodes=[
            H('一', '部门基本情况', bold=True),
            T('我局核定编制{staff_authorized:42}人，在职人员{staff_in_service:40}人。' + DUTY),
            H('二', '整体支出绩效情况', bold=True),
            T('全年支出合计{expenditure_total:1,286.50}万元，其中：基本支出{expenditure_basic:586.50}万元，'
              '项目支出{expenditure_project:700.00}万元。' + GOALS),
            H('三', '存在的问题', bold=True), T(PROBLEMS),
            H('四', '下一步改进措施', bold=True),
            H('四/一是', ''), T('强化预算约束，严格按照批复的预算执行，杜绝无预算、超预算支出。'),
            H('四/二是', ''), T('细化绩效目标，做到目标可量化、可考核，提高自评质量和结果运用。'),
            H('四/三是', ''), T('加快项目实施进度，提前做好项目前期工作，确保资金及时支付见效。'),
        ])


def thirdparty_2020() -> NarrativeSpec:
    return NarrativeSpec(
        name='xizang-2020-narrative-thirdparty', description='Third-party report (西藏): 评价内容 | 分值 | '
        '评价得分 over 项目投入 16 / 项目过程 44 / 项目产出 22 / 项目效果 18, 综合得分, 绩效评定级别 '
        '(the summary read as scores, 总分 and grade).',
        title=['西藏自治区拉萨市城关区教育局', '2020年度部门整体支出绩效评价报告'],
        department='西藏自治区拉萨市城关区教育局', year=2020, nodes=[
            H('一', '基本情况'), T(DUTY),
            H('二', '评价结论'), T('经综合评价，该部门2020年度整体支出绩效评价得分如下表。'),
            H('三', '主要经验及做法'), T('建立健全预算绩效管理制度，实行全过程绩效监控。'),
            H('四', '存在的问题'), T(PROBLEMS),
            H('五', '有关建议'), T('加强绩效目标管理，强化评价结果应用。'),
        ], summary=[('项目投入', '16', '15.5'), ('项目过程', '44', '41'), ('项目产出', '22', '20.5'),
                    ('项目效果', '18', '16.5')], total='93.5', grade='优')


def slip_2016() -> NarrativeSpec:
    return NarrativeSpec(
        name='luxi-2016-narrative-slip', description='Slip: the prose says 基本支出 1,234.56万元, '
        'of which 人员经费 1,000.00 and 公用经费 200.00 (= 1,200.00).',
        title=['泸溪县农业农村局2016年度部门整体支出绩效自评报告'], department='泸溪县农业农村局',
        year=2016, arabic='、', nodes=[
            H('一', '基本情况'), H('一/（一）', '部门整体支出概况'),
            T('2016年支出合计{expenditure_total:2,034.56}万元，其中：基本支出{expenditure_basic:1,234.56}万元，'
              '项目支出{expenditure_project:800.00}万元。'),
            H('一/（一）/1', '基本支出情况'),
            T('人员经费{expenditure_personnel:1,000.00}万元，公用经费{expenditure_public:200.00}万元。'),
            H('一/（二）', '绩效目标'), T(GOALS),
            H('二', '存在的问题'), T(PROBLEMS),
            H('三', '改进措施'), T('加强财务管理，确保账表一致。'),
        ], intended_errors=['narrative_basic_sum'])


SAMPLES = [province_2023, county_2021, parts_2019, bold_2017, thirdparty_2020, slip_2016]
