using System.Globalization;
using System.Text.Json;

namespace Meicheng.Web.Common;

/// <summary>
/// The audit log in words a person reads: operation codes ("observation.approve") and the recorded fields in Chinese, the
/// before/after JSON as a list of fields. The one home of these names; the log itself keeps the codes (CSV, API).
/// </summary>
public static class AuditText
{
    private static readonly Dictionary<string, string> Operations = new(StringComparer.Ordinal)
    {
        ["signin.success"] = "登录成功",
        ["signin.failure"] = "登录失败",
        ["signin.locked"] = "登录被拒（已锁定）",
        ["signin.lockout"] = "账户暂时锁定",
        ["request.refused"] = "拒绝越权访问",
        ["token.issue"] = "签发接口令牌",
        ["token.revoke"] = "吊销接口令牌",
        ["token.use"] = "使用接口令牌",
        ["token.failure"] = "接口令牌无效",
        ["user.create"] = "新建用户",
        ["user.update"] = "修改用户",
        ["user.disable"] = "停用用户",
        ["user.password-reset"] = "重置密码",
        ["assignment.add"] = "增加任务分工",
        ["assignment.remove"] = "撤销任务分工",
        ["period.create"] = "开设填报期",
        ["period.create.refused"] = "开设填报期被拒",
        ["period.reopen"] = "重新开放填报期",
        ["workbook.import"] = "导入填报工作簿",
        ["reminders.send"] = "发送催报提醒",
        ["demo.seed"] = "写入演示数据",
        ["round.freeze"] = "冻结评估轮次",
        ["round.close"] = "关闭评估轮次",
        ["round.publish"] = "发布评估轮次",
        ["round.unpublish"] = "撤回发布",
        ["assessment.create"] = "提交定性评价",
        ["assessment.revise"] = "修改定性评价",
        ["health-check.create"] = "新建城市体检",
        ["problem.create"] = "登记体检问题",
        ["rectification.create"] = "新建整改任务",
        ["rectification.update"] = "更新整改任务",
        ["project.create"] = "新建项目",
        ["project.update"] = "修改项目",
        ["project.import"] = "导入项目清单",
        ["project-progress.reopen"] = "重新开放项目进展",
        ["password.change"] = "修改密码",
        ["plan.import.upload"] = "上传规划文件",
        ["plan.import.meta"] = "修改规划基本信息",
        ["plan.import.decide"] = "审定候选条目",
        ["plan.import.accept-remaining"] = "接受其余候选条目",
        ["plan.import.edit"] = "修改候选条目",
        ["plan.import.add"] = "补充规划条目",
        ["plan.import.owners"] = "确认责任单位",
        ["plan.import.publish"] = "发布规划",
        ["plan.version.upload"] = "上传规划新版本",
        ["plan.version.adopt"] = "采用规划新版本",
        ["plan.target.edit"] = "更正规划目标",
        ["plan.milestone.edit"] = "更正规划里程碑",
        ["finance-need.publish"] = "发布融资需求",
        ["finance-need.close"] = "关闭融资需求",
        ["finance-intent.change"] = "表达或变更融资意向",
        ["finance-intent.accept"] = "接受融资意向",
        ["finance-loan.record"] = "登记放款",
        ["green-loan-balance.record"] = "报送绿色贷款余额",
        ["outfall.register"] = "登记排污口",
        ["outfall.update"] = "修改排污口",
        ["outfall.import"] = "导入排污口名录",
        ["outfall-result.add"] = "录入排污口监测结果",
        ["drainage-zone.register"] = "登记排水分区",
        ["drainage-zone.update"] = "修改排水分区",
        ["zone-monitoring.import"] = "导入排水分区监测数据",
        ["station-alerts.send"] = "发送实时监测提醒",
        ["station.register"] = "登记监测站点",
        ["air-import.upload"] = "上传空气质量数据",
        ["water-sample.add"] = "录入水质监测数据",
        ["survey.create"] = "新建调查问卷",
        ["survey.update"] = "修改调查问卷",
        ["survey.publish"] = "发布调查问卷",
        ["survey.close"] = "关闭调查问卷",
        ["survey.question.add"] = "增加问卷题目",
        ["survey.question.remove"] = "删除问卷题目",
        ["survey.write-indicator"] = "写入满意度指标",
        ["case.create"] = "新建典型案例",
        ["case.update"] = "修改典型案例",
        ["case.delete"] = "删除典型案例",
        ["case.publish"] = "发布典型案例",
        ["case.unpublish"] = "撤回典型案例",
        ["case.photo.add"] = "增加案例照片",
        ["case.photo.delete"] = "删除案例照片",
    };

    // The report workflow writes "{kind}.{step}" for observations and progress alike.
    private static readonly Dictionary<string, string> Objects = new(StringComparer.Ordinal)
    {
        ["observation"] = "数值报告", ["progress"] = "进展报告", ["period"] = "填报期", ["user"] = "用户", ["token"] = "接口令牌",
        ["assignment"] = "任务分工", ["round"] = "评估轮次", ["assessment"] = "定性评价", ["case"] = "典型案例", ["survey"] = "调查问卷",
        ["health-check"] = "城市体检", ["problem"] = "体检问题", ["rectification"] = "整改任务", ["project"] = "项目",
        ["station"] = "监测站点", ["workbook"] = "填报工作簿", ["request"] = "请求", ["signin"] = "登录", ["air-import"] = "空气质量导入",
        ["water-sample"] = "水质样本", ["evidence"] = "佐证材料",
        ["project-progress"] = "项目进展", ["project-workbook"] = "项目清单", ["check-project"] = "体检项目", ["check-problem"] = "体检问题",
        ["rectification-task"] = "整改任务", ["evaluation-round"] = "评估轮次", ["evaluation-assessment"] = "定性评价", ["task"] = "任务",
        ["plan"] = "规划", ["plan-draft"] = "规划导入稿", ["target"] = "目标", ["milestone"] = "里程碑", ["financing-need"] = "融资需求",
        ["green-loan-balance"] = "绿色贷款余额", ["station-alerts"] = "实时监测提醒", ["Station"] = "监测站点", ["Outfall"] = "排污口",
        ["OutfallResult"] = "排污口监测结果", ["DrainageZone"] = "排水分区", ["TypicalCase"] = "典型案例", ["CasePhoto"] = "案例照片",
        ["AirImport"] = "空气质量导入", ["WaterSample"] = "水质样本", ["account"] = "账户",
    };

    private static readonly Dictionary<string, string> Steps = new(StringComparer.Ordinal)
    {
        ["create"] = "新建", ["revise"] = "修订", ["save"] = "保存", ["submit"] = "报送", ["approve"] = "审核通过", ["return"] = "退回",
        ["reopen"] = "重新开放", ["evidence"] = "上传佐证材料", ["update"] = "修改", ["delete"] = "删除",
    };

    private static readonly Dictionary<string, string> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["value"] = "数值", ["unit"] = "单位", ["enteredValue"] = "填报数值", ["enteredUnit"] = "填报单位", ["status"] = "状态",
        ["revision"] = "版本", ["dataSource"] = "数据来源", ["basis"] = "统计口径", ["regionCode"] = "区域", ["targetId"] = "目标",
        ["periodId"] = "填报期", ["locked"] = "锁定", ["reviewComment"] = "审核意见", ["comment"] = "意见", ["state"] = "进展状态",
        ["narrative"] = "进展说明", ["fileName"] = "文件名", ["size"] = "大小（字节）", ["sha256"] = "SHA-256", ["contentType"] = "文件类型",
        ["email"] = "邮箱", ["displayName"] = "姓名", ["roles"] = "角色", ["departmentId"] = "责任单位", ["districtCode"] = "区划",
        ["title"] = "标题", ["name"] = "名称", ["reason"] = "理由", ["outcome"] = "结果", ["errors"] = "错误", ["source"] = "来源",
        ["score"] = "评分", ["year"] = "年度", ["key"] = "期", ["taskId"] = "任务", ["milestoneId"] = "里程碑", ["published"] = "已发布",
        ["disabled"] = "已停用", ["created"] = "新增", ["unchanged"] = "未变化", ["path"] = "路径", ["method"] = "方法",
        ["after"] = "起", ["until"] = "止", ["alerts"] = "提醒条数", ["stations"] = "站点", ["owners"] = "负责单位", ["webhookSent"] = "已推送接口",
        ["emails"] = "邮件数",
    };

    /// <summary>"审核通过 · 数值报告" for "observation.approve"; an unknown code is shown as it is.</summary>
    public static string Operation(string code)
    {
        if (Operations.TryGetValue(code, out var known))
            return known;
        var dot = code.LastIndexOf('.');
        if (dot > 0 && Objects.TryGetValue(code[..dot], out var obj) && Steps.TryGetValue(code[(dot + 1)..], out var step))
            return $"{obj}{step}";
        return code;
    }

    public static string ObjectName(string entityType) => Objects.GetValueOrDefault(entityType, entityType);

    /// <summary>The operations with a Chinese name, for the filter list.</summary>
    public static IEnumerable<string> ObjectTypes => Objects.Keys;

    public static string Field(string name) => Fields.GetValueOrDefault(name, name);

    /// <summary>The recorded JSON as (field, value) lines: an object's properties, nested ones flattened with "·".</summary>
    public static IReadOnlyList<(string Field, string Value)> FieldList(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            var lines = new List<(string, string)>();
            Flatten(doc.RootElement, "", lines);
            return lines;
        }
        catch (JsonException)
        {
            return [("", json)];
        }
    }

    private static void Flatten(JsonElement e, string prefix, List<(string, string)> lines)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    Flatten(p.Value, prefix.Length == 0 ? Field(p.Name) : $"{prefix}·{Field(p.Name)}", lines);
                break;
            case JsonValueKind.Array when e.EnumerateArray().All(x => x.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                lines.Add((prefix, string.Join("、", e.EnumerateArray().Select(Scalar))));
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray())
                    Flatten(x, $"{prefix}[{++i}]", lines);
                break;
            default:
                lines.Add((prefix, Scalar(e)));
                break;
        }
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => "是",
        JsonValueKind.False => "否",
        JsonValueKind.Null => "（空）",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.String when e.GetString() is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) && s.Contains('T', StringComparison.Ordinal)
            => Components.Display.Time(t),
        _ => e.GetString() is { } s ? Values.GetValueOrDefault(s, s) : "",
    };

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["draft"] = "草稿", ["submitted"] = "已报送", ["approved"] = "已通过", ["returned"] = "已退回",
        ["reported"] = "填报", ["computed"] = "计算", ["survey"] = "调查", ["Forbidden"] = "无权", ["Invalid"] = "填写有误", ["Conflict"] = "冲突",
    };

    /// <summary>Before and after side by side, one line per field: unchanged fields are left out when both sides exist.</summary>
    public static IReadOnlyList<(string Field, string? Before, string? After)> Changes(string? oldJson, string? newJson)
    {
        var before = FieldList(oldJson);
        var after = FieldList(newJson);
        var fields = before.Select(b => b.Field).Concat(after.Select(a => a.Field)).Distinct().ToList();
        var lines = fields.Select(f => (f, before.Where(b => b.Field == f).Select(b => (string?)b.Value).FirstOrDefault(), after.Where(a => a.Field == f).Select(a => (string?)a.Value).FirstOrDefault()));
        return before.Count > 0 && after.Count > 0 ? lines.Where(l => l.Item2 != l.Item3).ToList() : lines.ToList();
    }
}
