using System.Globalization;
using System.Text.Json;
using Meicheng.Core.Finance;
using Meicheng.Web.Common;
using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Finance;

/// <summary>The board's settings (section Finance).</summary>
public sealed class FinanceOptions
{
    /// <summary>The indicator whose targets the reported balance feeds.</summary>
    public string BalanceIndicator { get; set; } = "green-loan-balance";

    /// <summary>The institution that reports the balance (e.g. the central bank's branch of the city); its bank account may record it, as the
    /// office may. Empty: 中国人民银行 + the city's name + 分行.</summary>
    public string? BalanceReporter { get; set; }
}

/// <summary>
/// 金企通: financing needs published by a project's owners or by the plan office for a green enterprise, banks' intents,
/// the owner's acceptance, the loan the bank grants, closing; the office's totals; the reported green-loan balance that
/// feeds the 绿色贷款余额 targets. Every change is audited in the same transaction; every refusal says in Chinese why.
/// </summary>
public sealed class FinanceOperations(AppDbContext db, TimeProvider clock, CurrentUser currentUser, GreenCatalogue catalogue, Regions.City city,
    IOptions<FinanceOptions> options, IOptions<ReportingOptions> reporting)
{
    /// <summary>The institution that reports the city's green-loan balance.</summary>
    public string BalanceReporter => options.Value.BalanceReporter is { Length: > 0 } r ? r : $"中国人民银行{city.Name}分行";

    /// <summary>The balance feed writes its observations as the system (nobody entered the figure here; it was reported).</summary>
    internal static readonly Actor BalanceFeed = new("system", "system", "绿色贷款余额报送", new HashSet<string> { Roles.Admin }, null, null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string NoInstitution = "该金融机构账户未指定所属机构，请联系规划办";

    public GreenCatalogue Catalogue => catalogue;

    public async Task<List<FinancingNeedDto>> ListAsync(FinanceNeedFilter filter, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var q = FinanceScope.Visible(db, actor).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.State))
            q = q.Where(n => n.State == filter.State);
        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var prefix = filter.Category.Trim() + ".";
            q = q.Where(n => n.Category == filter.Category.Trim() || n.Category.StartsWith(prefix));
        }
        if (!string.IsNullOrWhiteSpace(filter.Region))
            q = q.Where(n => n.RegionCode == filter.Region);
        if (filter.ProjectId is { } projectId)
            q = q.Where(n => n.ProjectId == projectId);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            q = q.Where(n => n.Purpose.Contains(text) || (n.EnterpriseName != null && n.EnterpriseName.Contains(text))
                || db.Projects.Any(p => p.Id == n.ProjectId && p.Name.Contains(text)));
        }
        var needs = await q.OrderByDescending(n => n.Id).Take(500).ToListAsync(ct);
        return await DtosAsync(actor, needs, ct);
    }

    public async Task<Outcome<FinancingNeedDto>> GetAsync(int id, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        return await FinanceScope.Visible(db, actor).AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct) is { } need
            ? (await DtosAsync(actor, [need], ct)).Single()
            : Fail.NotFound("融资需求不存在，或不在您可查看的范围内");
    }

    public async Task<Outcome<FinancingNeedDto>> PublishAsync(FinancingNeedRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        var errors = new FieldErrors();
        Project? project = null;
        string? region = null;
        if (request.ProjectId is { } projectId)
        {
            project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct);
            if (project is null)
                errors.Add("projectId", "项目库中没有该项目");
            else
                region = project.RegionCode;
            if (!string.IsNullOrWhiteSpace(request.EnterpriseName))
                errors.Add("enterpriseName", "项目的融资需求不再填写企业名称：二者择一");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.EnterpriseName))
                errors.Add("enterpriseName", "请选择项目，或填写绿色企业名称");
            else if (request.EnterpriseName.Trim().Length > 200)
                errors.Add("enterpriseName", "企业名称不超过 200 个字");
            if (!CreditCodes.IsValid(request.CreditCode))
                errors.Add("creditCode", "统一社会信用代码须为 18 位且校验位正确");
            region = request.RegionCode?.Trim();
            if (string.IsNullOrEmpty(region) || !await db.Regions.AnyAsync(r => r.Code == region, ct))
                errors.Add("regionCode", "请选择企业所在区（市）");
        }
        CheckMoney(errors, "amount", request.Amount, "融资金额");
        CheckTerm(errors, request.TermMonths);
        if (string.IsNullOrWhiteSpace(request.Purpose))
            errors.Add("purpose", "请填写资金用途");
        else if (request.Purpose.Trim().Length > 1000)
            errors.Add("purpose", "资金用途不超过 1000 个字");
        if (catalogue.Find(request.Category?.Trim()) is null)
            errors.Add("category", "请选择绿色项目目录中的类别");
        if (request.Contact?.Trim().Length > 200)
            errors.Add("contact", "联系方式不超过 200 个字");
        if (errors.Any)
            return errors.ToFailure();
        if (!FinanceScope.MayManage(actor, project))
            return Fail.Forbidden(project is null ? "绿色企业的融资需求由规划办发布" : "只有该项目的责任单位、所在区（市）或规划办可以发布其融资需求");

        var now = clock.GetUtcNow();
        var need = new FinancingNeed
        {
            ProjectId = project?.Id, EnterpriseName = project is null ? request.EnterpriseName!.Trim() : null,
            CreditCode = project is null ? request.CreditCode!.Trim().ToUpperInvariant() : null, RegionCode = region!,
            Amount = request.Amount!.Value, TermMonths = request.TermMonths!.Value, Purpose = request.Purpose!.Trim(), Category = request.Category!.Trim(),
            State = NeedState.Open, Contact = Clean(request.Contact), PublishedBy = actor.Email, PublishedAt = now, UpdatedAt = now,
        };
        // The need needs its id before the audit entry can name it: two saves, one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.FinancingNeeds.Add(need);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "finance-need.publish", "financing-need", Id(need.Id), null,
            new { need.ProjectId, need.EnterpriseName, need.CreditCode, need.RegionCode, need.Amount, need.TermMonths, need.Purpose, need.Category });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created((await DtosAsync(actor, [need], ct)).Single());
    }

    /// <summary>A bank's intent on an open need; a second one from the same bank changes its first.</summary>
    public async Task<Outcome<FinancingNeedDto>> ExpressIntentAsync(int needId, FinanceIntentRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.Is(Roles.Bank))
            return Fail.Forbidden("只有金融机构可以表达融资意向");
        if (actor.Institution is not { } bank)
            return Fail.Forbidden(NoInstitution);
        if (await FinanceScope.Visible(db, actor).SingleOrDefaultAsync(n => n.Id == needId, ct) is not { } need)
            return Fail.NotFound("融资需求不存在，或已不再开放");
        var errors = new FieldErrors();
        CheckMoney(errors, "amount", request.Amount, "意向金额");
        CheckTerm(errors, request.TermMonths);
        if (string.IsNullOrWhiteSpace(request.Terms))
            errors.Add("terms", "请填写授信条件（如利率区间、担保方式）");
        else if (request.Terms.Trim().Length > 1000)
            errors.Add("terms", "授信条件不超过 1000 个字");
        if (string.IsNullOrWhiteSpace(request.Contact))
            errors.Add("contact", "请填写联系人及电话");
        else if (request.Contact.Trim().Length > 200)
            errors.Add("contact", "联系方式不超过 200 个字");
        if (errors.Any)
            return errors.ToFailure();
        if (NeedState.Refusal(need.State, NeedStep.ExpressIntent) is { } refusal)
            return Fail.Conflict(refusal);

        var now = clock.GetUtcNow();
        var intent = await db.FinanceIntents.SingleOrDefaultAsync(i => i.NeedId == needId && i.Institution == bank, ct);
        var before = intent is null ? null : new { intent.Amount, intent.TermMonths, intent.Terms, intent.Contact };
        intent ??= db.FinanceIntents.Add(new FinanceIntent { NeedId = needId, Institution = bank, Terms = "", Contact = "", CreatedBy = actor.Email }).Entity;
        intent.Amount = request.Amount!.Value;
        intent.TermMonths = request.TermMonths!.Value;
        intent.Terms = request.Terms!.Trim();
        intent.Contact = request.Contact!.Trim();
        intent.CreatedAt = now;
        need.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, before is null ? "finance-intent.express" : "finance-intent.change", "financing-need", Id(needId), before,
            new { IntentId = intent.Id, bank, intent.Amount, intent.TermMonths, intent.Terms, intent.Contact });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created((await DtosAsync(actor, [need], ct)).Single());
    }

    /// <summary>The owner accepts one bank's intent: the need is matched (已对接) with that bank.</summary>
    public async Task<Outcome<FinancingNeedDto>> AcceptAsync(int needId, int intentId, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await ManagedAsync(actor, needId, ct) is not { } found)
            return Fail.NotFound("融资需求不存在，或不在您可查看的范围内");
        var (need, may) = found;
        if (!may)
            return Fail.Forbidden("只有发布方（项目责任单位、所在区（市）或规划办）可以接受意向");
        if (await db.FinanceIntents.SingleOrDefaultAsync(i => i.Id == intentId && i.NeedId == needId, ct) is not { } intent)
            return Fail.Invalid("intentId", "该需求没有这一意向");
        if (NeedState.Refusal(need.State, NeedStep.Accept) is { } refusal)
            return Fail.Conflict(refusal);
        var now = clock.GetUtcNow();
        intent.Accepted = true;
        intent.AcceptedAt = now;
        need.State = NeedState.Matched;
        need.UpdatedAt = now;
        Audit.Record(db, actor, now, "finance-intent.accept", "financing-need", Id(needId), new { State = NeedState.Open },
            new { State = NeedState.Matched, IntentId = intent.Id, intent.Institution, intent.Amount });
        await db.SaveChangesAsync(ct);
        return (await DtosAsync(actor, [need], ct)).Single();
    }

    /// <summary>The accepted bank records the loan it granted: the need is granted (已放款).</summary>
    public async Task<Outcome<FinancingNeedDto>> RecordLoanAsync(int needId, FinanceLoanRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.Is(Roles.Bank))
            return Fail.Forbidden("放款由放款的金融机构登记");
        if (actor.Institution is not { } bank)
            return Fail.Forbidden(NoInstitution);
        if (await FinanceScope.Visible(db, actor).SingleOrDefaultAsync(n => n.Id == needId, ct) is not { } need)
            return Fail.NotFound("融资需求不存在，或不在您可查看的范围内");
        var errors = new FieldErrors();
        CheckMoney(errors, "amount", request.Amount, "放款金额");
        if (request.Rate is not { } rate || rate <= 0 || rate > 36)
            errors.Add("rate", "请填写年利率（%），在 0 到 36 之间");
        CheckTerm(errors, request.TermMonths);
        var today = Display.Today(clock.GetUtcNow());
        if (request.GrantedOn is not { } granted)
            errors.Add("grantedOn", "请填写放款日期");
        else if (granted > today)
            errors.Add("grantedOn", "放款日期不能晚于今天");
        else if (granted < DateOnly.FromDateTime(need.PublishedAt.UtcDateTime).AddDays(-1))
            errors.Add("grantedOn", "放款日期不能早于需求发布日期");
        if (errors.Any)
            return errors.ToFailure();
        if (NeedState.Refusal(need.State, NeedStep.RecordLoan) is { } refusal)
            return Fail.Conflict(refusal);
        var accepted = await db.FinanceIntents.SingleAsync(i => i.NeedId == needId && i.Accepted, ct);
        if (accepted.Institution != bank)
            return Fail.Forbidden("发布方接受的是另一家金融机构的意向，只有该机构可以登记放款");
        var now = clock.GetUtcNow();
        var loan = new FinanceLoan
        {
            NeedId = needId, IntentId = accepted.Id, Institution = bank, Amount = request.Amount!.Value, Rate = request.Rate!.Value,
            GrantedOn = request.GrantedOn!.Value, TermMonths = request.TermMonths!.Value, GreenLoan = request.GreenLoan, RecordedBy = actor.Email, RecordedAt = now,
        };
        need.State = NeedState.Granted;
        need.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.FinanceLoans.Add(loan);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "finance-loan.record", "financing-need", Id(needId), new { State = NeedState.Matched },
            new { State = NeedState.Granted, LoanId = loan.Id, bank, loan.Amount, loan.Rate, loan.GrantedOn, loan.TermMonths, loan.GreenLoan });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created((await DtosAsync(actor, [need], ct)).Single());
    }

    public async Task<Outcome<FinancingNeedDto>> CloseAsync(int needId, CloseNeedRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (await ManagedAsync(actor, needId, ct) is not { } found)
            return Fail.NotFound("融资需求不存在，或不在您可查看的范围内");
        var (need, may) = found;
        if (!may)
            return Fail.Forbidden("只有发布方（项目责任单位、所在区（市）或规划办）可以关闭需求");
        if (string.IsNullOrWhiteSpace(request.Reason))
            return Fail.Invalid("reason", "请填写关闭原因");
        if (request.Reason.Trim().Length > 500)
            return Fail.Invalid("reason", "关闭原因不超过 500 个字");
        if (NeedState.Refusal(need.State, NeedStep.Close) is { } refusal)
            return Fail.Conflict(refusal);
        var now = clock.GetUtcNow();
        var before = need.State;
        need.State = NeedState.Closed;
        need.CloseReason = request.Reason.Trim();
        need.UpdatedAt = now;
        Audit.Record(db, actor, now, "finance-need.close", "financing-need", Id(needId), new { State = before }, new { State = NeedState.Closed }, need.CloseReason);
        await db.SaveChangesAsync(ct);
        return (await DtosAsync(actor, [need], ct)).Single();
    }

    /// <summary>
    /// The office's totals by green category (top level), by bank and by district: needs and amounts asked, matched
    /// (accepted intents) and granted (loans recorded), beside the latest reported green-loan balance.
    /// </summary>
    public async Task<Outcome<FinanceTotalsDto>> TotalsAsync(CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!actor.ReadsAll)
            return Fail.Forbidden("金企通汇总由规划办及审核、评估、领导查看");
        var needs = await db.FinancingNeeds.AsNoTracking().ToListAsync(ct);
        var accepted = await db.FinanceIntents.AsNoTracking().Where(i => i.Accepted).ToDictionaryAsync(i => i.NeedId, ct);
        var intents = await db.FinanceIntents.AsNoTracking().GroupBy(i => i.Institution).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var loans = await db.FinanceLoans.AsNoTracking().ToDictionaryAsync(l => l.NeedId, ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);

        FinanceTotalRow Row(string key, string name, IReadOnlyCollection<FinancingNeed> group, int? needCount = null) => new(key, name,
            needCount ?? group.Count, group.Where(n => n.State != NeedState.Closed).Sum(n => n.Amount),
            group.Count(n => accepted.ContainsKey(n.Id)), group.Sum(n => accepted.TryGetValue(n.Id, out var i) ? i.Amount : 0),
            group.Count(n => loans.ContainsKey(n.Id)), group.Sum(n => loans.TryGetValue(n.Id, out var l) ? l.Amount : 0),
            group.Sum(n => loans.TryGetValue(n.Id, out var l) && l.GreenLoan ? l.Amount : 0));

        var byCategory = catalogue.Categories
            .Select(c => Row(c.Code, c.Name, needs.Where(n => catalogue.TopLevelOf(n.Category)?.Code == c.Code).ToList()))
            .Where(r => r.Needs > 0).ToList();
        // A bank's line counts the intents it expressed, and the needs it was matched with and granted.
        var byBank = intents.Keys.Order(StringComparer.Ordinal)
            .Select(bank => Row(bank, bank, needs.Where(n => accepted.TryGetValue(n.Id, out var i) && i.Institution == bank).ToList(), intents[bank]))
            .OrderByDescending(r => r.GrantedAmount).ThenByDescending(r => r.MatchedAmount).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var byDistrict = needs.GroupBy(n => n.RegionCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, regions.GetValueOrDefault(g.Key, "（未知区划）"), g.ToList())).ToList();
        var latest = await db.GreenLoanBalances.AsNoTracking().OrderByDescending(b => b.AsOf).ThenByDescending(b => b.Id).FirstOrDefaultAsync(ct);
        return new FinanceTotalsDto(Row("all", "合计", needs), byCategory, byBank, byDistrict, latest?.ToDto());
    }

    /// <summary>The balances recorded, newest first.</summary>
    public async Task<List<GreenLoanBalanceDto>> BalancesAsync(CancellationToken ct) =>
        (await db.GreenLoanBalances.AsNoTracking().OrderByDescending(b => b.AsOf).ThenByDescending(b => b.Id).Take(100).ToListAsync(ct))
        .Select(b => b.ToDto()).ToList();

    /// <summary>Whether the actor may record the reported balance: the plan office, or the reporting institution's own account.</summary>
    public bool MayRecordBalance(Actor actor) =>
        actor.Is(Roles.Admin) || (actor.Is(Roles.Bank) && actor.Institution == BalanceReporter);

    /// <summary>
    /// Records the balance the central bank's branch reported and writes it, for the year of its date, on every
    /// 绿色贷款余额 target as an observation submitted for review, whose provenance names the reporter, the document and
    /// the date. The loans recorded on the board are never summed into it: they are what the board brokered.
    /// </summary>
    public async Task<Outcome<GreenLoanBalanceRecordedDto>> RecordBalanceAsync(GreenLoanBalanceRequest request, CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (!MayRecordBalance(actor))
            return Fail.Forbidden($"绿色贷款余额由规划办或{BalanceReporter}登记");
        var errors = new FieldErrors();
        if (request.Amount is not { } amount || amount <= 0)
            errors.Add("amount", "请填写绿色贷款余额（亿元），须大于 0");
        else if (amount > 1_000_000)
            errors.Add("amount", "余额以亿元计，请核对数值");
        var now = clock.GetUtcNow();
        if (request.AsOf is not { } asOf)
            errors.Add("asOf", "请填写余额的截止日期");
        else if (asOf > Display.Today(now))
            errors.Add("asOf", "截止日期不能晚于今天");
        if (string.IsNullOrWhiteSpace(request.Document))
            errors.Add("document", $"请填写来源文件（如{BalanceReporter}的通报名称和文号）");
        else if (request.Document.Trim().Length > 500)
            errors.Add("document", "来源文件不超过 500 个字");
        if (request.Reporter?.Trim().Length > 100)
            errors.Add("reporter", "报送机构不超过 100 个字");
        if (errors.Any)
            return errors.ToFailure();

        var balance = new GreenLoanBalance
        {
            AsOf = request.AsOf!.Value, Amount = request.Amount!.Value, Reporter = Clean(request.Reporter) ?? BalanceReporter,
            Document = request.Document!.Trim(), RecordedBy = actor.Email, RecordedAt = now,
        };
        var targets = await db.Targets.AsNoTracking().Include(t => t.Indicator)
            .Where(t => t.IndicatorId == options.Value.BalanceIndicator && !t.Retired).OrderBy(t => t.Id).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.GreenLoanBalances.Add(balance);
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor, now, "green-loan-balance.record", "green-loan-balance", Id(balance.Id), null,
            new { balance.AsOf, balance.Amount, balance.Reporter, balance.Document });
        await db.SaveChangesAsync(ct);
        var results = new List<BalanceFeedResultDto>();
        var year = balance.AsOf.Year;
        foreach (var target in targets)
        {
            var period = (await ReportingPeriods.EnsureAsync(db, BalanceFeed, new CreatePeriodsRequest("annual", year, 1, null, [target.IndicatorId], false),
                reporting.Value.DueDays, now, ct)).Single();
            var provenance = JsonSerializer.Serialize(new
            {
                feed = "green-loan-balance", balanceId = balance.Id, reporter = balance.Reporter, document = balance.Document,
                asOf = balance.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), recordedBy = actor.Email,
                note = "人民银行报送的全市绿色贷款余额；金企通撮合的贷款不计入",
            }, Json);
            var basis = $"{balance.Reporter}报送的全市绿色贷款余额（截至 {balance.AsOf:yyyy-MM-dd}）";
            var saved = await Reporting.Reports.SaveObservationAsync(db, BalanceFeed,
                new ObservationRequest(target.Id, period.Id, city.Code, balance.Amount, "亿元", $"{balance.Reporter}：{balance.Document}", basis,
                    Submit: true, Version: null, Source: "computed", Provenance: provenance), now, Supersede.SameSource, ct);
            results.Add(new(target.Id, year, saved.Kind switch
            {
                OutcomeKind.Created => "created",
                OutcomeKind.Ok => "unchanged",
                OutcomeKind.Conflict => "conflict",
                _ => "invalid",
            }, saved.Value?.Id, saved.Succeeded ? null : saved.Message ?? string.Join("；", saved.Errors.SelectMany(e => e.Value))));
        }
        await transaction.CommitAsync(ct);
        return Outcomes.Created(new GreenLoanBalanceRecordedDto(balance.ToDto(), results));
    }

    /// <summary>The needs in the actor's scope whose owner they are, with the projects they may publish for (for the form).</summary>
    public async Task<List<(int Id, string Name)>> PublishableProjectsAsync(CancellationToken ct)
    {
        var actor = await currentUser.GetAsync(ct);
        if (actor.Is(Roles.Bank))
            return [];
        var projects = await ProjectScope.Visible(db.Projects, actor).AsNoTracking().OrderBy(p => p.Name).Take(2000)
            .Select(p => new { p.Id, p.Name, p.DepartmentId, p.RegionCode }).ToListAsync(ct);
        return projects.Where(p => ProjectScope.MayEdit(actor, p.DepartmentId, p.RegionCode)).Select(p => (p.Id, p.Name)).ToList();
    }

    private async Task<(FinancingNeed Need, bool May)?> ManagedAsync(Actor actor, int needId, CancellationToken ct)
    {
        if (await FinanceScope.Visible(db, actor).SingleOrDefaultAsync(n => n.Id == needId, ct) is not { } need)
            return null;
        var project = need.ProjectId is { } pid ? await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, ct) : null;
        return (need, FinanceScope.MayManage(actor, project));
    }

    private async Task<List<FinancingNeedDto>> DtosAsync(Actor actor, IReadOnlyList<FinancingNeed> needs, CancellationToken ct)
    {
        var ids = needs.Select(n => n.Id).ToList();
        var projectIds = needs.Where(n => n.ProjectId != null).Select(n => n.ProjectId!.Value).Distinct().ToList();
        // Of a project, a bank learns its name and owner unit: nothing of its progress, investment or status.
        var projects = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var intents = (await db.FinanceIntents.AsNoTracking().Where(i => ids.Contains(i.NeedId)).OrderBy(i => i.Id).ToListAsync(ct))
            .Where(i => FinanceScope.SeesIntentsOf(actor, i.Institution)).ToLookup(i => i.NeedId);
        var loans = (await db.FinanceLoans.AsNoTracking().Where(l => ids.Contains(l.NeedId)).ToListAsync(ct))
            .Where(l => FinanceScope.SeesIntentsOf(actor, l.Institution)).ToDictionary(l => l.NeedId);
        return needs.Select(n =>
        {
            var project = n.ProjectId is { } pid ? projects.GetValueOrDefault(pid) : null;
            var publisher = project?.DepartmentId is { } d ? departments.GetValueOrDefault(d, "项目责任单位") : project is not null ? "项目所在区（市）" : "规划办";
            return new FinancingNeedDto(n.Id, project?.Name ?? n.EnterpriseName ?? "", n.ProjectId, project?.OwnerUnit, n.EnterpriseName, n.CreditCode,
                n.RegionCode, regions.GetValueOrDefault(n.RegionCode, "（未知区划）"), n.Amount, n.TermMonths, n.Purpose, n.Category,
                catalogue.Describe(n.Category), n.State, NeedState.Chinese(n.State), n.Contact, publisher, n.PublishedAt, n.CloseReason,
                !actor.Is(Roles.Bank) && FinanceScope.MayManage(actor, project),
                intents[n.Id].Select(i => new FinanceIntentDto(i.Id, i.Institution, i.Amount, i.TermMonths, i.Terms, i.Contact, i.CreatedAt, i.Accepted)).ToList(),
                loans.GetValueOrDefault(n.Id)?.ToDto());
        }).ToList();
    }

    private static void CheckMoney(FieldErrors errors, string field, decimal? amount, string what)
    {
        if (amount is not { } a || a <= 0)
            errors.Add(field, $"请填写{what}（万元），须大于 0");
        else if (a > 100_000_000)
            errors.Add(field, $"{what}以万元计，请核对数值");
    }

    private static void CheckTerm(FieldErrors errors, int? months)
    {
        if (months is not { } m || m is < 1 or > 360)
            errors.Add("termMonths", "请填写期限（月），在 1 到 360 之间");
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}

internal static class FinanceMapping
{
    public static FinanceLoanDto ToDto(this FinanceLoan l) => new(l.Id, l.Institution, l.Amount, l.Rate, l.GrantedOn, l.TermMonths, l.GreenLoan, l.RecordedAt);

    public static GreenLoanBalanceDto ToDto(this GreenLoanBalance b) => new(b.Id, b.AsOf, b.Amount, b.Reporter, b.Document, b.RecordedBy, b.RecordedAt);
}
