using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Meicheng.Core.Plans;
using Meicheng.Core.Plans.Extraction;
using Meicheng.Core.Plans.Versions;
using Meicheng.Documents;
using Meicheng.Web.Common;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using CorePlans = Meicheng.Core.Plans;
using Department = Meicheng.Web.Features.Departments.Department;

namespace Meicheng.Web.Features.Plans;

/// <summary>
/// The browser import of a plan document: upload (.docx, .pdf with a text layer, .txt) into a draft holding the text and
/// the extractor's candidates; review over several sittings (accept, edit, reject, add what was missed, assign units);
/// publish as a new plan (version 1, origin upload) or as a pending new version of an existing plan, which then follows
/// the version diff, mapping and adoption of <see cref="PlanVersionOperations"/>. Every change is audited.
/// </summary>
public sealed partial class PlanDrafts(AppDbContext db, TimeProvider clock, CurrentUser currentUser, PlanVersionOperations versions, Regions.City city)
{
    /// <summary>The largest document accepted: plans run to a few hundred pages of text, far below this.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    private const string Entity = "plan-draft";
    private const string PublishedAlready = "这份导入已发布，不能再修改；请在规划页面在线更正，或再次导入作为新版本。";

    public async Task<Outcome<IReadOnlyList<PlanDraftSummaryDto>>> ListAsync(CancellationToken ct)
    {
        if (await OfficeAsync(ct) is null)
            return Fail.Forbidden("只有规划办管理员可以导入规划文件。");
        var drafts = await db.Set<PlanDraft>().AsNoTracking().OrderByDescending(d => d.Id)
            .Select(d => new
            {
                d.Id, d.FileName, d.Title, d.CreatedAt, d.CreatedBy, d.PublishedPlanId, d.PublishedVersion, d.PublishedAt,
                Targets = d.Items.Count(i => i.Kind == DraftItemKinds.Target && i.State != DraftItemStates.Rejected),
                Milestones = d.Items.Count(i => i.Kind == DraftItemKinds.Milestone && i.State != DraftItemStates.Rejected),
                Undecided = d.Items.Count(i => i.State == DraftItemStates.Proposed),
            }).ToListAsync(ct);
        return drafts.Select(d => new PlanDraftSummaryDto(d.Id, d.FileName, d.Title, d.Targets, d.Milestones, d.Undecided, d.CreatedAt, d.CreatedBy,
            d.PublishedPlanId, d.PublishedVersion, d.PublishedAt)).ToList();
    }

    public async Task<Outcome<PlanDraftDto>> GetAsync(int id, CancellationToken ct)
    {
        if (await OfficeAsync(ct) is null)
            return Fail.Forbidden("只有规划办管理员可以导入规划文件。");
        var draft = await db.Set<PlanDraft>().AsNoTracking().Include(d => d.Items).SingleOrDefaultAsync(d => d.Id == id, ct);
        return draft is null ? Fail.NotFound("没有这份导入草稿。") : ToDto(draft);
    }

    /// <summary>Reads the document and stores the draft; a file that is not a readable plan document changes nothing.</summary>
    public async Task<Outcome<PlanDraftDto>> UploadAsync(string? fileName, Stream? content, long length, CancellationToken ct)
    {
        var actor = await OfficeAsync(ct);
        if (actor is null)
            return Fail.Forbidden("只有规划办管理员可以导入规划文件。");
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (content is null || name.Length == 0)
            return Fail.Invalid("file", "请选择方案文件（Word .docx、PDF 或文本 .txt）。");
        if (Path.GetExtension(name).ToLowerInvariant() is { Length: > 0 } ext && !PlanDocumentReader.Extensions.Contains(ext))
            return Fail.Invalid("file", "只能导入 Word（.docx）、PDF 或文本（.txt）文件。");
        if (length > MaxBytes)
            return Fail.Invalid("file", $"文件超过{MaxBytes / 1024 / 1024} MB，请上传方案正文。");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        string text;
        try
        {
            text = PlanDocumentReader.Read(bytes, name);
        }
        catch (DocumentReadException e)
        {
            return Fail.Invalid("file", e.Message);
        }

        var reference = await PlanVersionOperations.ReferenceAsync(db, ct);
        var extracted = PlanExtractor.For(reference).Extract(text);
        var now = clock.GetUtcNow();
        var draft = new PlanDraft
        {
            FileName = name.Length > 260 ? name[^260..] : name, SourceText = text,
            Title = Cut(extracted.Title ?? Path.GetFileNameWithoutExtension(name), 200), Issuer = extracted.Issuer,
            DocumentNumber = extracted.DocumentNumber, Date = extracted.Date, PeriodStart = extracted.PeriodStart, PeriodEnd = extracted.PeriodEnd,
            FrameYear = extracted.FrameYear ?? extracted.PeriodEnd, PlanId = "", Code = "", City = city.Code,
            Status = text.AsSpan(0, Math.Min(text.Length, 400)).Contains("征求意见稿", StringComparison.Ordinal) ? "draft" : "final",
            CreatedAt = now, CreatedBy = actor.Email, UpdatedAt = now,
        };
        draft.Items.AddRange(Items(extracted));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(draft);
        await db.SaveChangesAsync(ct);
        // The id the plan gets is the draft's number until the office names it (ids are lower-case kebab-case).
        draft.PlanId = $"imported-plan-{draft.Id}";
        draft.Code = $"imp{draft.Id}";
        Audit.Record(db, actor, now, "plan.import.upload", Entity, Key(draft.Id), null,
            new { file = draft.FileName, characters = text.Length, targets = extracted.Targets.Count, milestones = extracted.Milestones.Count, tasks = extracted.Tasks.Count });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created(ToDto(draft));
    }

    public async Task<Outcome<PlanDraftDto>> UpdateMetaAsync(int id, DraftMetaRequest request, CancellationToken ct)
    {
        var (actor, draft, refusal) = await OpenAsync(id, ct);
        if (refusal is not null)
            return refusal;
        var errors = new FieldErrors();
        var title = request.Title?.Trim() ?? "";
        if (title.Length is 0 or > 200)
            errors.Add("title", "请填写规划名称（不超过200字）");
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(request.Date))
        {
            if (DateOnly.TryParseExact(request.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                date = d;
            else
                errors.Add("date", "日期格式为 年-月-日，如 2025-03-01");
        }
        var start = Year(request.PeriodStart, "periodStart", "起始年份", errors);
        var end = Year(request.PeriodEnd, "periodEnd", "截止年份", errors);
        var frame = Year(request.FrameYear, "frameYear", "目标年", errors);
        if (start is not null && end is not null && end < start)
            errors.Add("periodEnd", "截止年份不能早于起始年份");
        if (request.Status is not ("draft" or "final"))
            errors.Add("status", "请选择征求意见稿或正式稿");
        var city = request.City?.Trim() ?? "";
        if (!await db.Regions.AnyAsync(r => r.Code == city && r.Kind == "city", ct))
            errors.Add("city", "所属城市须为区划名录中的城市");
        var target = string.IsNullOrWhiteSpace(request.TargetPlanId) ? null : request.TargetPlanId.Trim();
        var planId = request.PlanId?.Trim() ?? "";
        var code = request.Code?.Trim() ?? "";
        if (target is not null)
        {
            if (!await db.Plans.AnyAsync(p => p.Id == target, ct))
                errors.Add("targetPlanId", "没有这项规划");
            if (string.IsNullOrWhiteSpace(request.VersionLabel) || request.VersionLabel.Trim().Length > 100)
                errors.Add("versionLabel", "作为新版本导入时，请填写版本名称（如 正式稿、修订稿），不超过100字");
        }
        else
        {
            if (planId.Length > 100 || !KebabId().IsMatch(planId))
                errors.Add("planId", "规划编号须为小写字母、数字和连字符，如 weihai-beautiful-city-2025-2027");
            else if (await db.Plans.AnyAsync(p => p.Id == planId, ct))
                errors.Add("planId", "已有规划使用这个编号，请另取一个");
            if (code.Length > 40 || !KebabId().IsMatch(code))
                errors.Add("code", "规划代码须为小写字母、数字和连字符，如 wh-bc（用作条目编号的前缀）");
            else if (await db.Plans.AnyAsync(p => p.Code == code, ct))
                errors.Add("code", "已有规划使用这个代码，请另取一个");
        }
        if (errors.Any)
            return errors.ToFailure();

        var before = Meta(draft!);
        draft!.Title = title;
        draft.Issuer = Blank(request.Issuer);
        draft.DocumentNumber = Blank(request.DocumentNumber);
        draft.Date = date;
        draft.PeriodStart = start;
        draft.PeriodEnd = end;
        draft.FrameYear = frame ?? end;
        draft.Status = request.Status!;
        draft.City = city;
        draft.TargetPlanId = target;
        draft.VersionLabel = target is null ? null : request.VersionLabel!.Trim();
        if (target is null)
        {
            draft.PlanId = planId;
            draft.Code = code;
        }
        draft.UpdatedAt = clock.GetUtcNow();
        Audit.Record(db, actor!, draft.UpdatedAt, "plan.import.meta", Entity, Key(id), before, Meta(draft));
        await db.SaveChangesAsync(ct);
        return ToDto(draft);
    }

    public async Task<Outcome<DraftItemDto>> DecideAsync(int id, int itemId, DraftDecisionRequest request, CancellationToken ct)
    {
        var (actor, draft, refusal) = await OpenAsync(id, ct);
        if (refusal is not null)
            return refusal;
        if (draft!.Items.SingleOrDefault(i => i.Id == itemId) is not { } item)
            return Fail.NotFound("草稿中没有这一项。");
        var state = request.Decision switch
        {
            "accept" => item.State is DraftItemStates.Edited or DraftItemStates.Added ? item.State : DraftItemStates.Accepted,
            "reject" => DraftItemStates.Rejected,
            "reopen" => DraftItemStates.Proposed,
            _ => null,
        };
        if (state is null)
            return Fail.Invalid("decision", "请选择接受、拒绝或恢复待定");
        var before = item.State;
        item.State = state;
        draft.UpdatedAt = clock.GetUtcNow();
        Audit.Record(db, actor!, draft.UpdatedAt, "plan.import.decide", Entity, Key(id), new { item = item.Id, state = before }, new { item = item.Id, state });
        await db.SaveChangesAsync(ct);
        return ToDto(item);
    }

    /// <summary>Accepts every target and milestone still undecided: the office's "the rest is right".</summary>
    public async Task<Outcome<int>> AcceptRemainingAsync(int id, CancellationToken ct)
    {
        var (actor, draft, refusal) = await OpenAsync(id, ct);
        if (refusal is not null)
            return refusal;
        var open = draft!.Items.Where(i => i.State == DraftItemStates.Proposed).ToList();
        foreach (var item in open)
            item.State = DraftItemStates.Accepted;
        draft.UpdatedAt = clock.GetUtcNow();
        Audit.Record(db, actor!, draft.UpdatedAt, "plan.import.accept-remaining", Entity, Key(id), null, new { items = open.Select(i => i.Id) });
        await db.SaveChangesAsync(ct);
        return open.Count;
    }

    public async Task<Outcome<DraftItemDto>> EditAsync(int id, int itemId, DraftItemEditRequest request, CancellationToken ct)
    {
        var (actor, draft, refusal) = await OpenAsync(id, ct);
        if (refusal is not null)
            return refusal;
        if (draft!.Items.SingleOrDefault(i => i.Id == itemId) is not { } item)
            return Fail.NotFound("草稿中没有这一项。");
        if (item.Kind is not (DraftItemKinds.Target or DraftItemKinds.Milestone))
            return Fail.Invalid("kind", "只有量化目标和时间节点可以在这里修改；任务的责任单位请在任务下指定。");
        var errors = new FieldErrors();
        var fields = Validate(item.Kind, request.Indicator, request.Title, request.Value, request.Unit, request.Comparator, request.Year, request.Kind,
            request.Scope, errors);
        var clause = request.Clause?.Trim() ?? "";
        var at = clause.Length == 0 ? -1 : draft.SourceText.IndexOf(clause, StringComparison.Ordinal);
        if (at < 0)
            errors.Add("clause", "原文须是源文件中的一段文字（可从右侧原文复制）");
        if (errors.Any)
            return errors.ToFailure();

        var before = ToDto(item);
        Apply(item, fields, draft.FrameYear);
        item.Clause = clause;
        if (at != item.SpanStart || clause.Length != item.SpanLength)
            (item.SpanStart, item.SpanLength) = (NearestOccurrence(draft.SourceText, clause, item.SpanStart), clause.Length);
        if (item.State != DraftItemStates.Added)
            item.State = DraftItemStates.Edited;
        draft.UpdatedAt = clock.GetUtcNow();
        Audit.Record(db, actor!, draft.UpdatedAt, "plan.import.edit", Entity, Key(id), before, ToDto(item));
        await db.SaveChangesAsync(ct);
        return ToDto(item);
    }

    public async Task<Outcome<DraftItemDto>> AddAsync(int id, DraftAddRequest request, CancellationToken ct)
    {
        var (actor, draft, refusal) = await OpenAsync(id, ct);
        if (refusal is not null)
            return refusal;
        var errors = new FieldErrors();
        if (request.ItemKind is not (DraftItemKinds.Target or DraftItemKinds.Milestone))
            errors.Add("itemKind", "请选择补充量化目标或时间节点");
        var clause = request.Clause?.Trim() ?? "";
        var text = draft!.SourceText;
        int start;
        if (request is { Start: { } s, Length: { } l } && s >= 0 && l > 0 && s + l <= text.Length && text.AsSpan(s, l).Trim().SequenceEqual(clause))
            start = s + (text.Substring(s, l).Length - text.Substring(s, l).TrimStart().Length);
        else
            start = clause.Length == 0 ? -1 : text.IndexOf(clause, StringComparison.Ordinal);
        if (clause.Length == 0)
            errors.Add("clause", "请在右侧原文中选取这一条，或把原文粘贴在这里");
        else if (clause.Length > 2000)
            errors.Add("clause", "原文太长，请只选取这一条（不超过2000字）");
        else if (start < 0)
            errors.Add("clause", "源文件中找不到这段文字，请从右侧原文中选取或原样复制");
        if (errors.Any)
            return errors.ToFailure();

        // Blank fields are read from the clause itself, as the extractor reads a document.
        var guess = new PlanExtractor().Extract(clause);
        var t = guess.Targets.Count > 0 ? guess.Targets[0] : null;
        var m = guess.Milestones.Count > 0 ? guess.Milestones[0] : null;
        var year = Blank(request.Year) ?? (t?.Year ?? m?.Year ?? YearIn(clause) ?? draft.FrameYear)?.ToString(CultureInfo.InvariantCulture);
        var fields = Validate(request.ItemKind, Blank(request.Indicator) ?? t?.Indicator, Blank(request.Title) ?? m?.Title ?? Cut(clause, 200),
            Blank(request.Value) ?? t?.Value?.ToString(CultureInfo.InvariantCulture), Blank(request.Unit) ?? t?.Unit,
            Blank(request.Comparator) ?? t?.Comparator.ToToken() ?? "reach", year, Blank(request.Kind) ?? t?.Kind ?? "level", null, errors);
        if (errors.Any)
            return errors.ToFailure();

        var task = draft.Items.Where(i => i.Kind == DraftItemKinds.Task && i.SpanStart <= start && start < i.SpanStart + i.SpanLength)
            .OrderByDescending(i => i.SpanStart).FirstOrDefault();
        var area = draft.Items.Where(i => i.Kind == DraftItemKinds.Area && i.SpanStart <= start).OrderByDescending(i => i.SpanStart).FirstOrDefault();
        var neighbour = draft.Items.Where(i => i.Kind is DraftItemKinds.Target or DraftItemKinds.Milestone && i.SpanStart <= start && i.Section is not null)
            .OrderByDescending(i => i.SpanStart).FirstOrDefault();
        var item = new PlanDraftItem
        {
            Kind = request.ItemKind, State = DraftItemStates.Added, SpanStart = start, SpanLength = clause.Length, Title = "",
            TaskNumber = task?.Number, AreaNumber = task?.AreaNumber ?? area?.Number, Clause = clause,
            Section = neighbour?.Section ?? (area is null ? "全文" : $"{area.Label}、{area.Title}"),
            Aspirational = t?.Aspirational ?? m?.Aspirational ?? false, DeadlineText = m?.DeadlineText,
            YearBasis = Blank(request.Year) is null && (t?.YearSource ?? m?.YearSource) is { } source ? Basis(source) : null,
        };
        Apply(item, fields, draft.FrameYear, keepBasis: item.YearBasis is not null);
        if (item.Kind == DraftItemKinds.Target)
            item.ValueText = (Blank(request.Value) is null ? t?.ValueText : null) ?? fields.Value?.ToString(CultureInfo.InvariantCulture);
        draft.Items.Add(item);
        draft.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        Audit.Record(db, actor!, draft.UpdatedAt, "plan.import.add", Entity, Key(id), null, ToDto(item));
        await db.SaveChangesAsync(ct);
        return Outcomes.Created(ToDto(item));
    }

    public async Task<Outcome<DraftItemDto>> SetOwnersAsync(int id, int itemId, DraftOwnersRequest request, CancellationToken ct)
    {
        var (actor, draft, refusal) = await OpenAsync(id, ct);
        if (refusal is not null)
            return refusal;
        if (draft!.Items.SingleOrDefault(i => i.Id == itemId) is not { } item)
            return Fail.NotFound("草稿中没有这一项。");
        if (item.Kind is not (DraftItemKinds.Task or DraftItemKinds.Measure))
            return Fail.Invalid("owners", "责任单位只能指定给任务或保障措施。");
        var departments = await db.Departments.AsNoTracking().ToListAsync(ct);
        var owners = new List<DraftOwner>();
        foreach (var (names, role) in new[] { (request.Lead, "lead"), (request.Responsible, "responsible"), (request.Supporting, "supporting") })
        {
            foreach (var name in Names(names))
            {
                if (owners.Any(o => o.Name == name))
                    continue;
                var known = Match(departments, name);
                owners.Add(new DraftOwner(known?.Name ?? name, known?.Id, role, known is null && request.AcceptNew));
            }
        }
        if (owners.Any(o => o.Name.Length > 100))
            return Fail.Invalid("owners", "单位名称不超过100字");
        var before = item.OwnerList;
        item.SetOwners(owners);
        draft.UpdatedAt = clock.GetUtcNow();
        Audit.Record(db, actor!, draft.UpdatedAt, "plan.import.owners", Entity, Key(id), new { item = item.Id, owners = before }, new { item = item.Id, owners });
        await db.SaveChangesAsync(ct);
        return ToDto(item);
    }

    /// <summary>The draft as a plan file (<c>meicheng.plan/1</c>), with what is still unfinished left out; downloadable at any time.</summary>
    public async Task<Outcome<string>> PlanJsonAsync(int id, CancellationToken ct)
    {
        if (await OfficeAsync(ct) is null)
            return Fail.Forbidden("只有规划办管理员可以导入规划文件。");
        var draft = await db.Set<PlanDraft>().AsNoTracking().Include(d => d.Items).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (draft is null)
            return Fail.NotFound("没有这份导入草稿。");
        var (previous, number) = await PreviousAsync(draft, ct);
        return PlanJson.Write(PlanDraftDocument.Build(Retargeted(draft, previous), draft.Items, previous, number).Document);
    }

    /// <summary>
    /// Publishes the kept items as a plan, validated by the plan-file rules: a new plan (version 1, origin upload), or a
    /// pending version of the target plan for its diff and mapping. A draft publishes once; publishing again answers with
    /// where it went.
    /// </summary>
    public async Task<Outcome<DraftPublishedDto>> PublishAsync(int id, CancellationToken ct)
    {
        var actor = await OfficeAsync(ct);
        if (actor is null)
            return Fail.Forbidden("只有规划办管理员可以发布导入的规划。");
        var draft = await db.Set<PlanDraft>().Include(d => d.Items).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (draft is null)
            return Fail.NotFound("没有这份导入草稿。");
        if (draft.PublishedPlanId is { } published)
            return Published(draft, published, draft.PublishedVersion ?? 1);

        var (previous, number) = await PreviousAsync(draft, ct);
        if (draft.TargetPlanId is not null && previous is null)
            return Fail.Conflict("要更新的规划没有现行版本。");
        var source = Retargeted(draft, previous);
        var built = PlanDraftDocument.Build(source, draft.Items, previous, number);
        var errors = new FieldErrors();
        foreach (var error in built.Errors)
            errors.Add("publish", error);
        if (previous is null && await db.Plans.AnyAsync(p => p.Id == source.PlanId || p.Code == source.Code, ct))
            errors.Add("publish", $"规划信息：编号“{source.PlanId}”或代码“{source.Code}”已有规划使用，请在规划信息中另取。");
        if (built.Document.Targets.Count + built.Document.Milestones.Count == 0)
            errors.Add("publish", "还没有接受任何量化目标或时间节点。");
        if (errors.Any)
            return errors.ToFailure();

        var json = PlanJson.Write(built.Document);
        var reference = await PlanVersionOperations.ReferenceAsync(db, ct);
        var withNew = reference with
        {
            Departments = [.. reference.Departments, .. built.NewDepartments.Where(n => reference.Departments.All(d => d.Id != n.Id))
                .Select(n => new CorePlans.Department(n.Id, n.Name, n.Name, "", "municipal-department", [], null, null))],
        };
        PlanDocument document;
        try
        {
            document = PlanFile.Parse("导入的规划", json, withNew);
        }
        catch (PlanFileException e)
        {
            return Fail.Invalid("publish", Explain(e));
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var known = await db.Departments.Select(d => d.Id).ToListAsync(ct);
        var order = await db.Departments.MaxAsync(d => (int?)d.SortOrder, ct) ?? 0;
        foreach (var (departmentId, name) in built.NewDepartments.Where(n => !known.Contains(n.Id)))
        {
            db.Departments.Add(new Department
            {
                Id = departmentId, Name = name, FullName = name, NameEn = "", Kind = "municipal-department", SortOrder = ++order,
                Note = $"导入规划文件“{draft.FileName}”时新增",
            });
        }
        await db.SaveChangesAsync(ct);

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        int version;
        if (draft.TargetPlanId is { } planId)
        {
            var uploaded = await versions.UploadAsync(planId, new UploadVersionRequest(draft.VersionLabel ?? "新版本", draft.Status, json), ct);
            if (!uploaded.Succeeded)
            {
                await transaction.RollbackAsync(ct);
                return uploaded.Kind == OutcomeKind.Invalid
                    ? Fail.Invalid("publish", string.Join("；", uploaded.Errors.SelectMany(e => e.Value)))
                    : uploaded.AsFailure();
            }
            version = uploaded.Value!.Number;
        }
        else
        {
            planId = document.Id;
            var file = $"上传：{draft.FileName}";
            await PlanImporter.WritePlanAsync(db, document, file, hash, now, [], ct);
            await db.SaveChangesAsync(ct);
            db.PlanVersions.Add(new PlanVersion
            {
                PlanId = planId, Number = 1, Label = draft.Status == "final" ? "正式稿" : "征求意见稿", Status = draft.Status,
                State = PlanVersionStates.Current, Origin = PlanVersionOrigins.Upload, Document = json, ContentHash = hash,
                CreatedAt = now, CreatedBy = actor.Email, AdoptedAt = now, AdoptedBy = actor.Email,
            });
            db.PlanImports.Add(new PlanImport
            {
                PlanId = planId, File = file, ContentHash = hash, ImportedAt = now,
                Added = document.Targets.Count + document.Milestones.Count + document.Tasks.Count(),
            });
            version = 1;
        }
        draft.PlanId = source.PlanId;
        draft.Code = source.Code;
        draft.PublishedPlanId = planId;
        draft.PublishedVersion = version;
        draft.PublishedAt = now;
        Audit.Record(db, actor, now, "plan.import.publish", Entity, Key(id), null, new
        {
            plan = planId, version, newVersion = draft.TargetPlanId is not null, targets = document.Targets.Count, milestones = document.Milestones.Count,
            tasks = document.Tasks.Count(), newDepartments = built.NewDepartments.Select(d => d.Name), hash,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Outcomes.Created(Published(draft, planId, version));
    }

    private static DraftPublishedDto Published(PlanDraft draft, string planId, int version) =>
        draft.TargetPlanId is null
            ? new DraftPublishedDto(draft.Id, planId, version, false, $"/plans/{planId}")
            : new DraftPublishedDto(draft.Id, planId, version, true, $"/admin/plans/{planId}/versions/{version}/mapping");

    // A new version keeps the id and code of the plan it revises.
    private async Task<(PlanDocument? Previous, int Number)> PreviousAsync(PlanDraft draft, CancellationToken ct)
    {
        if (draft.TargetPlanId is not { } planId)
            return (null, 1);
        var current = await db.PlanVersions.AsNoTracking().SingleOrDefaultAsync(v => v.PlanId == planId && v.State == PlanVersionStates.Current, ct);
        if (current is null)
            return (null, 1);
        var number = (await db.PlanVersions.Where(v => v.PlanId == planId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        return (await versions.ReadAsync(current, ct), number);
    }

    private static PlanDraft Retargeted(PlanDraft draft, PlanDocument? previous) => previous is null ? draft : new PlanDraft
    {
        Id = draft.Id, FileName = draft.FileName, SourceText = "", Title = draft.Title, Issuer = draft.Issuer, DocumentNumber = draft.DocumentNumber,
        Date = draft.Date, PeriodStart = draft.PeriodStart, PeriodEnd = draft.PeriodEnd, FrameYear = draft.FrameYear, PlanId = previous.Id,
        Code = previous.Code, City = previous.City ?? draft.City, Status = draft.Status, TargetPlanId = draft.TargetPlanId, CreatedBy = draft.CreatedBy,
    };

    // The plan-file rules name items by their generated ids and speak English: name the draft's item in Chinese instead.
    private static string Explain(PlanFileException e)
    {
        var what = e.Item == "plan" ? "规划信息" : e.Item;
        var field = PlanVersionOperations.FieldName(e.Field.Split('.')[0]);
        return $"{what}的“{field}”不符合规划格式（{e.Reason}），未发布。";
    }

    private async Task<Actor?> OfficeAsync(CancellationToken ct) =>
        await currentUser.FindAsync(ct) is { } actor && actor.Is(Roles.Admin) ? actor : null;

    private async Task<(Actor? Actor, PlanDraft? Draft, Failure? Refusal)> OpenAsync(int id, CancellationToken ct)
    {
        var actor = await OfficeAsync(ct);
        if (actor is null)
            return (null, null, Fail.Forbidden("只有规划办管理员可以导入规划文件。"));
        var draft = await db.Set<PlanDraft>().Include(d => d.Items).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (draft is null)
            return (actor, null, Fail.NotFound("没有这份导入草稿。"));
        if (draft.PublishedPlanId is not null)
            return (actor, draft, Fail.Conflict(PublishedAlready));
        return (actor, draft, null);
    }

    private sealed record Fields(string Title, decimal? Value, string? Unit, string? Comparator, int Year, string? Kind, string? Scope);

    private static Fields Validate(string itemKind, string? indicator, string? title, string? value, string? unit, string? comparator, string? year,
        string? kind, string? scope, FieldErrors errors)
    {
        var isTarget = itemKind == DraftItemKinds.Target;
        var name = (isTarget ? indicator : title)?.Trim() ?? "";
        if (isTarget && name.Length is 0 or > 100)
            errors.Add("indicator", "请填写指标名称（不超过100字）");
        if (!isTarget && name.Length is 0 or > 200)
            errors.Add("title", "请填写节点内容（不超过200字）");
        decimal? number = null;
        if (isTarget)
        {
            if (decimal.TryParse(value?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
                number = v;
            else
                errors.Add("value", "目标值须为数字，如 28 或 34.5（原文的写法保留在原文中）");
            if (string.IsNullOrWhiteSpace(unit) || unit.Trim().Length > 30)
                errors.Add("unit", "请按原文填写单位，如 %、微克/立方米、万吨");
            if (!Comparators.TryParse(comparator, out _))
                errors.Add("comparator", "请选择比较方式");
            if (!PlanTokens.TryParse<TargetKind>(kind, out var k))
                errors.Add("kind", "请选择目标类型");
            else if (k == TargetKind.Share && unit?.Trim() == "%" && number > 100)
                errors.Add("value", "比例不能超过100%");
        }
        var y = int.TryParse(year?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1949 and <= 2100 ? parsed : 0;
        if (y == 0)
            errors.Add("year", "年份须为四位数年份，如 2027");
        if (scope?.Trim().Length > 100)
            errors.Add("scope", "范围不超过100字");
        return new Fields(name, number, unit?.Trim(), comparator, y, kind, Blank(scope));
    }

    private static void Apply(PlanDraftItem item, Fields f, int? frameYear, bool keepBasis = false)
    {
        if (!keepBasis && item.Year != f.Year)
        {
            var clause = item.Clause ?? "";
            item.YearBasis = clause.Contains(f.Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) ? "clause"
                : f.Year == frameYear ? "frame" : "section";
        }
        item.Title = f.Title;
        item.Year = f.Year;
        item.Scope = f.Scope;
        if (item.Kind != DraftItemKinds.Target)
            return;
        if (item.Value != f.Value)
            item.ValueText = f.Value?.ToString(CultureInfo.InvariantCulture);
        item.Value = f.Value;
        item.Unit = f.Unit;
        item.Comparator = f.Comparator;
        item.TargetKind = f.Kind;
    }

    private static IEnumerable<PlanDraftItem> Items(ExtractedPlan plan)
    {
        // The outline is read, not guessed: areas, tasks and measures start accepted; targets and milestones wait for a decision.
        foreach (var a in plan.Areas)
            yield return new PlanDraftItem { Kind = DraftItemKinds.Area, State = DraftItemStates.Accepted, Number = a.Number, Label = a.Label, Title = Cut(a.Title, 500), SpanStart = a.Span.Start, SpanLength = a.Span.Length };
        foreach (var (t, kind) in plan.Tasks.Select(t => (t, DraftItemKinds.Task)).Concat(plan.Measures.Select(m => (m, DraftItemKinds.Measure))))
        {
            var item = new PlanDraftItem
            {
                Kind = kind, State = DraftItemStates.Accepted, Number = t.Number, Label = t.Label, AreaNumber = t.AreaNumber, Title = Cut(t.Title, 500),
                Text = t.Text, ResponsibilityText = t.ResponsibilityText, SpanStart = t.Span.Start, SpanLength = t.Span.Length,
            };
            item.SetOwners(t.Responsible.Select(r => new DraftOwner(r.Name, r.DepartmentId, r.Role switch
            {
                ExtractedRole.Lead => "lead",
                ExtractedRole.Supporting => "supporting",
                _ => "responsible",
            }, false)));
            yield return item;
        }
        foreach (var t in plan.Targets)
        {
            yield return new PlanDraftItem
            {
                Kind = DraftItemKinds.Target, State = DraftItemStates.Proposed, Title = Cut(t.Indicator, 100), ValueText = t.ValueText, Value = t.Value,
                Unit = t.Unit, Comparator = t.Comparator.ToToken(), Year = t.Year, YearBasis = Basis(t.YearSource), Aspirational = t.Aspirational,
                TargetKind = t.Kind, BaselineYear = t.BaselineYear, Scope = t.Scope, Section = t.Section, AreaNumber = t.AreaNumber, TaskNumber = t.TaskNumber,
                Clause = t.Clause, SpanStart = t.ClauseSpan.Start, SpanLength = t.ClauseSpan.Length,
            };
        }
        foreach (var m in plan.Milestones)
        {
            yield return new PlanDraftItem
            {
                Kind = DraftItemKinds.Milestone, State = DraftItemStates.Proposed, Title = Cut(m.Title, 200), Year = m.Year, YearBasis = Basis(m.YearSource),
                DeadlineText = m.DeadlineText, Aspirational = m.Aspirational, Section = m.Section, AreaNumber = m.AreaNumber, TaskNumber = m.TaskNumber,
                Clause = m.Clause, SpanStart = m.ClauseSpan.Start, SpanLength = m.ClauseSpan.Length,
            };
        }
    }

    private static string? Basis(YearSource source) => source switch
    {
        YearSource.Clause or YearSource.Sentence => "clause",
        YearSource.Paragraph => "paragraph",
        YearSource.Section => "section",
        YearSource.Frame => "frame",
        _ => null,
    };

    private static int NearestOccurrence(string text, string clause, int near)
    {
        var best = -1;
        for (var at = text.IndexOf(clause, StringComparison.Ordinal); at >= 0; at = text.IndexOf(clause, at + 1, StringComparison.Ordinal))
        {
            if (best < 0 || Math.Abs(at - near) < Math.Abs(best - near))
                best = at;
        }
        return best;
    }

    private static Department? Match(List<Department> departments, string name) =>
        departments.FirstOrDefault(d => d.Name == name || d.FullName == name || d.Aliases.Contains(name));

    private static string[] Names(string? text) =>
        (text ?? "").Split(['、', ',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int? Year(string? text, string field, string name, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1949 and <= 2100)
            return y;
        errors.Add(field, $"{name}须为四位数年份");
        return null;
    }

    private static int? YearIn(string clause) =>
        YearPattern().Match(clause) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static object Meta(PlanDraft d) => new { d.Title, d.Issuer, d.DocumentNumber, d.Date, d.PlanId, d.Code, d.City, d.PeriodStart, d.PeriodEnd, d.FrameYear, d.Status, d.TargetPlanId, d.VersionLabel };

    private static PlanDraftDto ToDto(PlanDraft d) => new(d.Id, d.FileName,
        new PlanDraftMetaDto(d.Title, d.Issuer, d.DocumentNumber, d.Date, d.PlanId, d.Code, d.City, d.PeriodStart, d.PeriodEnd, d.FrameYear, d.Status, d.TargetPlanId, d.VersionLabel),
        d.CreatedAt, d.CreatedBy, d.PublishedPlanId, d.PublishedVersion, d.PublishedAt,
        d.Items.OrderBy(i => i.SpanStart).ThenBy(i => i.Id).Select(ToDto).ToList(), d.SourceText);

    private static DraftItemDto ToDto(PlanDraftItem i) => new(i.Id, i.Kind, i.State, i.SpanStart, i.SpanLength, i.Number, i.Label, i.AreaNumber, i.TaskNumber,
        i.Title, i.Text, i.Section, i.Clause, i.ValueText, i.Value, i.Unit, i.Comparator, i.Year, i.YearBasis, i.Aspirational, i.TargetKind, i.Scope,
        i.DeadlineText, i.ResponsibilityText, i.OwnerList.Select(o => new DraftOwnerDto(o.Name, o.DepartmentId, o.Role, o.Accepted)).ToList());

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabId();

    [GeneratedRegex("((?:19|20)[0-9]{2})年")]
    private static partial Regex YearPattern();
}
