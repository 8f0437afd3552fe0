using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Meicheng.Web.Tests.Accounts;

/// <summary>
/// Every endpoint the app maps, called by every kind of caller, against the table below. An endpoint without an entry
/// fails the test, so nobody adds one without deciding who may call it; an entry without an endpoint fails it too.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    // "PAGE /x" is a Razor component page: its endpoint answers GET and (form) POST alike; both are called.

    /// <summary>
    /// Who may pass authorization. "Pages" variants accept only a signed-in person (cookie), never a machine token.
    /// SignedIn and People mean the plan's staff; a financial institution (bank) reaches only Finance, Bank,
    /// EveryonePages and AnyAccount (any account at all: the landing redirect, /api/me, signing out).
    /// </summary>
    public enum Access
    {
        Public, SignedIn, Admin, Review, Report, ReadAll, Assess, People, ReporterPages, ReviewPages, ReadAllPages, AdminPages,
        Accounts, AccountPages, AuditRead, AuditPages, Finance, Bank, EveryonePages, AnyAccount,
    }

    private static readonly string[] Callers = ["anonymous", "admin", "reviewer", "department", "district", "evaluator", "leader", "security", "auditor", "bank", "token"];

    // separated: Security:ThreeRoleSeparation, under which accounts are the security admin's alone and the audit the auditor's alone.
    private static bool Allows(Access access, string caller, bool separated) => access switch
    {
        Access.Public => true,
        // A financial institution (金融机构) is outside the plan's staff: what staff may read is denied to it by default.
        Access.SignedIn => caller is not ("anonymous" or "bank"),
        Access.Admin => caller == "admin",
        Access.Review => caller is "admin" or "reviewer",
        // The token belongs to a department reporter.
        Access.Report => caller is "admin" or "department" or "district" or "token",
        Access.ReadAll => caller is "admin" or "reviewer" or "evaluator" or "leader",
        // Third-party assessment is the evaluator's alone: the plan office does not grade its own work.
        Access.Assess => caller == "evaluator",
        Access.People => caller is not ("anonymous" or "token" or "bank"),
        // 金企通: staff and banks read (each within its scope); only a bank expresses intent and records loans.
        Access.Finance or Access.AnyAccount => caller != "anonymous",
        Access.Bank => caller == "bank",
        Access.EveryonePages => caller is not ("anonymous" or "token"),
        Access.ReporterPages => caller is "admin" or "department" or "district",
        Access.ReviewPages => caller is "admin" or "reviewer",
        Access.ReadAllPages => caller is "admin" or "reviewer" or "evaluator" or "leader",
        Access.AdminPages => caller == "admin",
        // 三员分立: the security admin manages accounts and tokens, the auditor reads the audit; without it the admin does both too.
        Access.Accounts or Access.AccountPages => caller == "security" || (!separated && caller == "admin"),
        Access.AuditRead or Access.AuditPages => caller == "auditor" || (!separated && caller == "admin"),
        _ => false,
    };

    private static readonly Dictionary<string, Access> Expected = new()
    {
        // Public reading: the plans, their pages, reference data, approved reports, health, the API description.
        ["PAGE /"] = Access.Public,
        ["PAGE /plans"] = Access.Public,
        ["PAGE /plans/{PlanId}"] = Access.Public,
        ["PAGE /plans/{PlanId}/tasks/{Number:int}"] = Access.Public,
        ["PAGE /plans/{PlanId}/targets"] = Access.Public,
        ["PAGE /plans/{PlanId}/milestones"] = Access.Public,
        ["PAGE /targets/{Id}"] = Access.Public,
        ["PAGE /milestones/{Id}"] = Access.Public,
        ["PAGE /indicators"] = Access.Public,
        ["PAGE /indicators/{Id}"] = Access.Public,
        ["PAGE /regions"] = Access.Public,
        ["PAGE /regions/{Code}"] = Access.Public,
        ["PAGE /departments"] = Access.Public,
        ["PAGE /departments/{Id}"] = Access.Public,
        ["PAGE /search"] = Access.Public,
        // The public showcase (成果展示平台), Chinese and English.
        ["PAGE /showcase"] = Access.Public,
        ["PAGE /en/showcase"] = Access.Public,
        ["PAGE /showcase/areas/{PlanId}/{Number:int}"] = Access.Public,
        ["PAGE /en/showcase/areas/{PlanId}/{Number:int}"] = Access.Public,
        ["PAGE /showcase/targets/{Id}"] = Access.Public,
        ["PAGE /en/showcase/targets/{Id}"] = Access.Public,
        ["PAGE /showcase/methods"] = Access.Public,
        ["PAGE /en/showcase/methods"] = Access.Public,
        // Typical cases (published ones only) and open data downloads.
        ["PAGE /showcase/cases"] = Access.Public,
        ["PAGE /en/showcase/cases"] = Access.Public,
        ["PAGE /showcase/cases/{Id:int}"] = Access.Public,
        ["PAGE /en/showcase/cases/{Id:int}"] = Access.Public,
        ["GET /showcase/cases/{id:int}/photos/{photoId:int}"] = Access.Public,
        ["GET /api/public/cases/"] = Access.Public,
        ["GET /api/public/cases/{id:int}"] = Access.Public,
        ["PAGE /showcase/open-data"] = Access.Public,
        ["PAGE /en/showcase/open-data"] = Access.Public,
        ["GET /open-data/catalogue.csv"] = Access.Public,
        ["GET /open-data/catalogue.json"] = Access.Public,
        ["GET /open-data/indicators/{id}.csv"] = Access.Public,
        ["GET /open-data/indicators/{id}.json"] = Access.Public,
        ["GET /open-data/projects.csv"] = Access.Public,
        ["GET /open-data/projects.json"] = Access.Public,
        ["PAGE /showcase/projects"] = Access.Public,
        ["PAGE /en/showcase/projects"] = Access.Public,
        ["PAGE /error"] = Access.Public,
        ["PAGE /not-found"] = Access.Public,
        ["PAGE /account/login"] = Access.Public,
        ["PAGE /account/denied"] = Access.Public,
        ["POST /account/login"] = Access.Public,
        // Where a person lands after signing in without a return URL: by role (Landing).
        ["GET /account/start"] = Access.AnyAccount,
        // The second factor: the pending sign-in is in its own short cookie, so these answer everyone.
        ["PAGE /account/two-factor"] = Access.Public,
        // Changing one's own password: any signed-in person.
        ["PAGE /account/password"] = Access.EveryonePages,
        ["POST /account/two-factor"] = Access.Public,
        ["GET /health"] = Access.Public,
        ["GET /api/docs/favicon.svg"] = Access.Public,
        ["GET /api/docs/scalar.aspnetcore.js"] = Access.Public,
        ["GET /api/docs/scalar.js"] = Access.Public,
        ["GET /openapi/{documentName}.json"] = Access.Public,
        ["GET /api/docs/{documentName?}"] = Access.Public,
        ["GET /api/plans"] = Access.Public,
        ["GET /api/plans/{planId}"] = Access.Public,
        ["GET /api/plans/{planId}/tasks/{number:int}"] = Access.Public,
        ["GET /api/plans/{planId}/targets"] = Access.Public,
        ["GET /api/plans/{planId}/milestones"] = Access.Public,
        ["GET /api/plans/{planId}/facts"] = Access.Public,
        ["GET /api/targets/{targetId}"] = Access.Public,
        ["GET /api/plans/{planId}/versions"] = Access.Public,
        ["GET /api/plans/{planId}/versions/{number:int}/document"] = Access.Public,
        ["GET /api/plans/{planId}/versions/{number:int}/diff"] = Access.Public,
        ["POST /api/plans/{planId}/versions"] = Access.Admin,
        ["POST /api/plans/{planId}/versions/{number:int}/adopt"] = Access.Admin,
        // Importing a plan document is the plan office's.
        ["POST /api/plans/imports"] = Access.Admin,
        ["GET /api/plans/imports"] = Access.Admin,
        ["GET /api/plans/imports/{id:int}"] = Access.Admin,
        ["PUT /api/plans/imports/{id:int}"] = Access.Admin,
        ["POST /api/plans/imports/{id:int}/items/{itemId:int}/decision"] = Access.Admin,
        ["PUT /api/plans/imports/{id:int}/items/{itemId:int}"] = Access.Admin,
        ["POST /api/plans/imports/{id:int}/items"] = Access.Admin,
        ["PUT /api/plans/imports/{id:int}/items/{itemId:int}/owners"] = Access.Admin,
        ["GET /api/plans/imports/{id:int}/plan.json"] = Access.Admin,
        ["POST /api/plans/imports/{id:int}/publish"] = Access.Admin,
        ["PATCH /api/targets/{targetId}"] = Access.Admin,
        ["PATCH /api/milestones/{milestoneId}"] = Access.Admin,
        ["GET /api/indicators"] = Access.Public,
        ["GET /api/indicators/{indicatorId}"] = Access.Public,
        ["GET /api/regions"] = Access.Public,
        ["GET /api/regions/{code}"] = Access.Public,
        ["GET /api/zones"] = Access.Public,
        ["GET /api/departments"] = Access.Public,
        ["GET /api/departments/{id}"] = Access.Public,
        ["GET /api/search"] = Access.Public,
        ["GET /api/public/observations"] = Access.Public,
        ["GET /api/public/progress"] = Access.Public,
        ["GET /api/evaluation/"] = Access.SignedIn,
        ["PAGE /evaluation"] = Access.People,
        ["PAGE /evaluation/targets/{TargetId}"] = Access.People,
        ["PAGE /environment"] = Access.Public,
        ["PAGE /environment/stations/{Code}"] = Access.Public,
        ["PAGE /environment/air/evaluation"] = Access.Public,
        ["PAGE /environment/water"] = Access.Public,
        ["PAGE /environment/outfalls"] = Access.Public,
        ["PAGE /environment/outfalls/{Code}"] = Access.Public,
        ["PAGE /environment/sponge"] = Access.Public,
        ["GET /api/environment/stations"] = Access.Public,
        ["GET /api/environment/stations/{code}"] = Access.Public,
        ["GET /api/environment/stations/{code}/air/hourly"] = Access.Public,
        ["GET /api/environment/stations/{code}/air/daily"] = Access.Public,
        ["GET /api/environment/air/evaluations/{year:int}"] = Access.Public,
        ["GET /api/environment/water/sections"] = Access.Public,
        ["GET /api/environment/stations/{code}/water/samples"] = Access.Public,
        ["GET /api/environment/feeds"] = Access.Public,
        ["GET /api/environment/feeds/milestones"] = Access.Public,
        ["GET /api/environment/outfalls"] = Access.Public,
        ["GET /api/environment/outfalls/supervision"] = Access.Public,
        ["GET /api/environment/outfalls/standards"] = Access.Public,
        ["GET /api/environment/outfalls/{code}"] = Access.Public,
        ["GET /api/environment/outfalls/{code}/results"] = Access.Public,
        ["GET /api/environment/sponge/zones"] = Access.Public,
        ["GET /api/environment/sponge/area/{year:int}"] = Access.Public,
        ["GET /api/evaluation/targets/{targetId}"] = Access.SignedIn,
        // The public satisfaction survey: anyone answers without an account (antiforgery, rate limit and bot check in the handler).
        ["PAGE /survey"] = Access.Public,
        ["PAGE /en/survey"] = Access.Public,
        ["PAGE /survey/{Id:int}"] = Access.Public,
        ["PAGE /en/survey/{Id:int}"] = Access.Public,
        ["PAGE /survey/{Id:int}/results"] = Access.Public,
        ["PAGE /en/survey/{Id:int}/results"] = Access.Public,
        ["POST /survey/{id:int}/answer"] = Access.Public,
        ["POST /en/survey/{id:int}/answer"] = Access.Public,
        ["GET /api/public/surveys/"] = Access.Public,
        ["GET /api/public/surveys/{id:int}/results"] = Access.Public,

        // Anyone signed in.
        ["POST /account/logout"] = Access.AnyAccount,
        // Blazor's redirect helper for enhanced navigation falls under the fallback policy like anything unlisted.
        ["GET /_framework/opaque-redirect"] = Access.AnyAccount,
        // The static web assets' fallback for files missing from the manifest (every real asset has its own public endpoint).
        // A file that is not there is "not found" for everyone (UnknownPaths): nothing to sign in for.
        ["GET /{**path:file}"] = Access.Public,
        ["HEAD /{**path:file}"] = Access.Public,
        ["GET /api/me"] = Access.AnyAccount,
        ["GET /api/reporting/periods"] = Access.SignedIn,
        ["GET /api/reporting/observations"] = Access.SignedIn,
        ["GET /api/reporting/observations/{id:int}"] = Access.SignedIn,
        ["GET /api/reporting/observations/{id:int}/history"] = Access.SignedIn,
        ["GET /api/reporting/progress"] = Access.SignedIn,
        ["GET /api/reporting/progress/{id:int}"] = Access.SignedIn,
        ["GET /api/reporting/evidence/{id:int}"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/compare"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/snapshot"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/view"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/targets/{targetId}"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/assessments"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/combined"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/report.docx"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/report.pdf"] = Access.SignedIn,
        ["GET /api/evaluation/rounds/{id:int}/results.xlsx"] = Access.SignedIn,
        ["GET /api/evaluation/health-checks"] = Access.SignedIn,
        ["GET /api/evaluation/health-checks/{id:int}"] = Access.SignedIn,
        ["GET /api/evaluation/problems"] = Access.SignedIn,
        ["GET /api/evaluation/problems/{id:int}"] = Access.SignedIn,
        ["GET /api/evaluation/rectification-tasks"] = Access.SignedIn,
        ["GET /api/evaluation/projects"] = Access.SignedIn,
        // 项目库: staff read within their scope; reporters change and report; reviewers approve progress.
        // 金企通 (green finance): the board's API; the balance is recorded by the office (or the reporting institution, not the matrix's bank).
        ["GET /api/finance/catalogue"] = Access.Finance,
        ["GET /api/finance/needs"] = Access.Finance,
        ["GET /api/finance/needs/{id:int}"] = Access.Finance,
        ["POST /api/finance/needs"] = Access.Report,
        ["POST /api/finance/needs/{id:int}/intents"] = Access.Bank,
        ["POST /api/finance/needs/{id:int}/intents/{intentId:int}/accept"] = Access.Report,
        ["POST /api/finance/needs/{id:int}/loans"] = Access.Bank,
        ["POST /api/finance/needs/{id:int}/close"] = Access.Report,
        ["GET /api/finance/totals"] = Access.ReadAll,
        ["GET /api/finance/green-loan-balance"] = Access.ReadAll,
        ["POST /api/finance/green-loan-balance"] = Access.Admin,
        ["GET /api/projects/"] = Access.SignedIn,
        ["GET /api/projects/{id:int}"] = Access.SignedIn,
        ["GET /api/projects/template.xlsx"] = Access.SignedIn,
        ["GET /api/projects/export.xlsx"] = Access.SignedIn,
        ["GET /api/projects/totals"] = Access.SignedIn,
        ["GET /api/projects/map"] = Access.SignedIn,
        ["GET /api/projects/behind-schedule"] = Access.SignedIn,
        ["GET /api/projects/{id:int}/progress"] = Access.SignedIn,
        ["POST /api/projects/"] = Access.Report,
        ["PUT /api/projects/{id:int}"] = Access.Report,
        ["POST /api/projects/import"] = Access.Report,
        ["POST /api/projects/{id:int}/progress"] = Access.Report,
        ["POST /api/projects/progress/{progressId:int}/submit"] = Access.Report,
        ["POST /api/projects/progress/{progressId:int}/approve"] = Access.Review,
        ["POST /api/projects/progress/{progressId:int}/return"] = Access.Review,
        ["POST /api/projects/progress/{progressId:int}/reopen"] = Access.Admin,
        ["POST /api/projects/progress/{progressId:int}/evidence"] = Access.Report,
        // The owner department (or the plan office) reports a task's state; the handler checks the owner.
        ["PUT /api/evaluation/rectification-tasks/{id:int}"] = Access.SignedIn,

        // Reporters (and the admin).
        ["POST /api/reporting/observations"] = Access.Report,
        ["POST /api/reporting/observations/{id:int}/submit"] = Access.Report,
        ["POST /api/reporting/observations/{id:int}/evidence"] = Access.Report,
        ["POST /api/reporting/progress"] = Access.Report,
        ["POST /api/reporting/progress/{id:int}/submit"] = Access.Report,
        ["POST /api/reporting/progress/{id:int}/evidence"] = Access.Report,
        ["GET /api/reporting/workbook"] = Access.Report,
        ["POST /api/reporting/workbook"] = Access.Report,

        // Reviewers (and the admin).
        ["POST /api/reporting/observations/{id:int}/approve"] = Access.Review,
        ["POST /api/reporting/observations/{id:int}/return"] = Access.Review,
        ["POST /api/reporting/progress/{id:int}/approve"] = Access.Review,
        ["POST /api/reporting/progress/{id:int}/return"] = Access.Review,

        // Those who read everything.
        ["GET /api/reporting/missing"] = Access.ReadAll,
        // The leadership dashboard (驾驶舱): those who read everything.
        ["GET /api/dashboard/"] = Access.ReadAll,
        ["GET /api/dashboard/targets"] = Access.ReadAll,

        // The plan office.
        ["POST /api/reporting/periods"] = Access.Admin,
        ["POST /api/reporting/periods/{id:int}/reopen"] = Access.Admin,
        ["POST /api/reporting/reminders"] = Access.Admin,
        ["GET /api/admin/users"] = Access.Accounts,
        ["POST /api/admin/users"] = Access.Accounts,
        ["PUT /api/admin/users/{id}"] = Access.Accounts,
        ["POST /api/admin/users/{id}/disable"] = Access.Accounts,
        ["POST /api/admin/users/{id}/password"] = Access.Accounts,
        ["GET /api/admin/tokens"] = Access.Accounts,
        ["POST /api/admin/tokens"] = Access.Accounts,
        ["DELETE /api/admin/tokens/{id:int}"] = Access.Accounts,
        ["GET /api/admin/assignments"] = Access.Admin,
        ["POST /api/admin/assignments"] = Access.Admin,
        ["DELETE /api/admin/assignments/{id:int}"] = Access.Admin,
        ["GET /api/admin/audit"] = Access.AuditRead,
        ["GET /api/admin/audit.csv"] = Access.AuditRead,
        ["GET /api/admin/audit/export"] = Access.AuditRead,
        ["POST /api/evaluation/rounds/"] = Access.Admin,
        ["POST /api/evaluation/rounds/{id:int}/close"] = Access.Admin,
        ["POST /api/evaluation/rounds/{id:int}/publish"] = Access.Admin,
        ["POST /api/evaluation/rounds/{id:int}/unpublish"] = Access.Admin,
        ["POST /api/evaluation/health-checks"] = Access.Admin,
        ["POST /api/evaluation/health-checks/{id:int}/problems"] = Access.Admin,
        ["POST /api/evaluation/problems/{id:int}/tasks"] = Access.Admin,
        ["POST /api/evaluation/projects"] = Access.Admin,
        ["PUT /api/evaluation/projects/{id:int}"] = Access.Admin,

        ["POST /api/environment/stations"] = Access.Admin,
        ["POST /api/environment/air/imports"] = Access.Admin,
        ["GET /api/environment/air/imports"] = Access.Admin,
        ["GET /api/environment/air/imports/{id:int}"] = Access.Admin,
        ["GET /api/environment/air/imports/{id:int}/rejections"] = Access.Admin,
        ["POST /api/environment/water/samples"] = Access.Admin,
        ["POST /api/environment/feeds/recompute"] = Access.Admin,
        ["POST /api/environment/outfalls"] = Access.Admin,
        ["PUT /api/environment/outfalls/{code}"] = Access.Admin,
        ["POST /api/environment/outfalls/{code}/results"] = Access.Admin,
        ["GET /api/environment/outfalls/template"] = Access.Admin,
        ["POST /api/environment/outfalls/import"] = Access.Admin,
        ["POST /api/environment/sponge/zones"] = Access.Admin,
        ["POST /api/environment/sponge/monitoring/import"] = Access.Admin,
        ["GET /api/admin/surveys/"] = Access.Admin,
        ["POST /api/admin/surveys/"] = Access.Admin,
        ["GET /api/admin/surveys/{id:int}"] = Access.Admin,
        ["PUT /api/admin/surveys/{id:int}"] = Access.Admin,
        ["POST /api/admin/surveys/{id:int}/questions"] = Access.Admin,
        ["DELETE /api/admin/surveys/{id:int}/questions/{questionId:int}"] = Access.Admin,
        ["POST /api/admin/surveys/{id:int}/publish"] = Access.Admin,
        ["POST /api/admin/surveys/{id:int}/close"] = Access.Admin,
        ["GET /api/admin/surveys/{id:int}/results"] = Access.Admin,
        ["POST /api/admin/surveys/{id:int}/indicator"] = Access.Admin,
        ["GET /api/admin/cases/"] = Access.Admin,
        ["POST /api/admin/cases/"] = Access.Admin,
        ["GET /api/admin/cases/{id:int}"] = Access.Admin,
        ["PUT /api/admin/cases/{id:int}"] = Access.Admin,
        ["DELETE /api/admin/cases/{id:int}"] = Access.Admin,
        ["POST /api/admin/cases/{id:int}/publish"] = Access.Admin,
        ["POST /api/admin/cases/{id:int}/unpublish"] = Access.Admin,
        ["POST /api/admin/cases/{id:int}/photos"] = Access.Admin,
        ["GET /api/admin/cases/{id:int}/photos/{photoId:int}"] = Access.Admin,
        ["DELETE /api/admin/cases/{id:int}/photos/{photoId:int}"] = Access.Admin,

        // Evaluators (third party).
        ["POST /api/evaluation/rounds/{id:int}/assessments"] = Access.Assess,

        // Pages and their forms: people only.
        ["PAGE /reporting"] = Access.People,
        ["PAGE /evaluation/rounds"] = Access.People,
        ["PAGE /evaluation/rounds/compare"] = Access.People,
        ["PAGE /evaluation/rounds/{Id:int}"] = Access.People,
        ["PAGE /evaluation/rounds/{RoundId:int}/targets/{TargetId}"] = Access.People,
        ["PAGE /evaluation/health-checks"] = Access.People,
        ["PAGE /evaluation/health-checks/{Id:int}"] = Access.People,
        ["PAGE /evaluation/rectification"] = Access.People,
        ["PAGE /finance"] = Access.ReadAllPages,
        ["PAGE /finance/needs"] = Access.EveryonePages,
        ["PAGE /finance/needs/new"] = Access.EveryonePages,
        ["PAGE /finance/needs/{Id:int}"] = Access.EveryonePages,
        ["PAGE /projects"] = Access.People,
        ["PAGE /projects/{Id:int}"] = Access.People,
        ["PAGE /projects/import"] = Access.ReporterPages,
        ["PAGE /projects/new"] = Access.ReporterPages,
        ["PAGE /projects/{Id:int}/edit"] = Access.ReporterPages,
        ["PAGE /projects/review"] = Access.ReviewPages,
        ["PAGE /reporting/workbook"] = Access.ReporterPages,
        ["PAGE /reporting/review"] = Access.ReviewPages,
        ["PAGE /reporting/missing"] = Access.ReadAllPages,
        ["PAGE /dashboard"] = Access.ReadAllPages,
        ["PAGE /dashboard/targets"] = Access.ReadAllPages,
        ["PAGE /admin/users"] = Access.AccountPages,
        ["PAGE /admin/tokens"] = Access.AccountPages,
        ["PAGE /environment/imports"] = Access.AdminPages,
        ["PAGE /environment/outfalls/new"] = Access.AdminPages,
        ["PAGE /environment/outfalls/{Code}/edit"] = Access.AdminPages,
        ["PAGE /environment/outfalls/import"] = Access.AdminPages,
        ["PAGE /admin/assignments"] = Access.AdminPages,
        ["PAGE /plans/{PlanId}/versions"] = Access.Public,
        ["PAGE /plans/{PlanId}/versions/{Number:int}"] = Access.Public,
        ["PAGE /admin/plans/{PlanId}/versions/new"] = Access.AdminPages,
        ["PAGE /admin/plans/{PlanId}/versions/{Number:int}/mapping"] = Access.AdminPages,
        ["PAGE /admin/plans/import"] = Access.AdminPages,
        ["PAGE /admin/plans/import/{Id:int}"] = Access.AdminPages,
        ["PAGE /admin/targets/{Id}/edit"] = Access.AdminPages,
        ["PAGE /admin/milestones/{Id}/edit"] = Access.AdminPages,
        ["PAGE /admin/audit"] = Access.AuditPages,
        ["PAGE /admin/surveys"] = Access.AdminPages,
        ["PAGE /admin/surveys/{Id:int}"] = Access.AdminPages,
        ["PAGE /admin/surveys/{Id:int}/results"] = Access.AdminPages,
        ["PAGE /admin/cases"] = Access.AdminPages,
        ["PAGE /admin/cases/new"] = Access.AdminPages,
        ["PAGE /admin/cases/{Id:int}"] = Access.AdminPages,
    };

    private static readonly Dictionary<string, string> Samples = new(StringComparer.OrdinalIgnoreCase)
    {
        ["planId"] = "qingdao-beautiful-city-2025-2027", ["path"] = "no-such-file.txt", ["number"] = "1", ["documentName"] = "v1", ["code"] = "370200",
    };

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z]+)(:[a-z]+)?\??\}")]
    private static partial Regex Parameter();

    private static string UrlOf(string pattern) => Parameter().Replace(pattern, m =>
        m.Groups[2].Value == ":int" && !Samples.ContainsKey(m.Groups[1].Value) ? "999999" : Samples.GetValueOrDefault(m.Groups[1].Value, "x"));

    /// <summary>Static assets (wwwroot, fingerprinted or not) are public; they are recognised by their metadata, not listed one by one.</summary>
    private static bool IsStaticAsset(Endpoint e) => e.Metadata.Any(m => m.GetType().Name.StartsWith("StaticAsset", StringComparison.Ordinal));

    private static bool Denied(HttpResponseMessage r) =>
        r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString is { } l && (l.Contains("/account/login", StringComparison.Ordinal) || l.Contains("/account/denied", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public Task Every_endpoint_allows_and_denies_every_caller_exactly_as_the_table_says(DatabaseProvider provider) =>
        MatrixAsync(provider, separated: false);

    /// <summary>The same table with three-role separation on (as in Production): accounts and the audit move away from the admin.</summary>
    [Theory]
    [MemberData(nameof(MeichengApp.Providers), MemberType = typeof(MeichengApp))]
    public Task With_three_role_separation_every_endpoint_allows_exactly_the_separated_roles(DatabaseProvider provider) =>
        MatrixAsync(provider, separated: true);

    private static async Task MatrixAsync(DatabaseProvider provider, bool separated)
    {
        using var app = new MeichengApp(provider).With("Security:ThreeRoleSeparation", separated ? "true" : "false");
        var target = await app.ReportableTargetAsync();
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }),
            ["admin"] = await app.ClientForAsync(Roles.Admin),
            ["reviewer"] = await app.ClientForAsync(Roles.Reviewer),
            ["district"] = await app.ClientForAsync(Roles.District, districtCode: "370202"),
            ["evaluator"] = await app.ClientForAsync(Roles.Evaluator),
            ["leader"] = await app.ClientForAsync(Roles.Leader),
            ["security"] = await app.ClientForAsync(Roles.Security),
            ["auditor"] = await app.ClientForAsync(Roles.Auditor),
        };
        var bank = await app.CreateUserAsync("bank-matrix@example.cn", Roles.Bank);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Users.SingleAsync(u => u.Id == bank)).Institution = "青岛银行";
            await db.SaveChangesAsync();
        }
        clients["bank"] = await app.SignInAsync("bank-matrix@example.cn");
        var departmentUser = await app.CreateUserAsync("dept-matrix@example.cn", Roles.Department, target.DepartmentId);
        clients["department"] = await app.SignInAsync("dept-matrix@example.cn");
        clients["token"] = await app.TokenClientAsync(clients["security"], departmentUser);

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var calls = new List<(string Key, string Method, string Url, Access Access, string Body, string? Name)>();
        var unlisted = new List<string>();
        foreach (var e in endpoints)
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var page = e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            foreach (var method in methods)
            {
                var key = page ? $"PAGE {pattern}" : $"{method} {pattern}";
                // Call each endpoint the way a client would: content types it does not accept never reach authorization.
                var accepts = e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
                var body = accepts.Contains("multipart/form-data") ? "multipart" : accepts.Contains("application/x-www-form-urlencoded") ? "form" : "json";
                if (Expected.TryGetValue(key, out var access))
                    calls.Add((key, method, UrlOf(pattern), access, body, e.DisplayName));
                else if (IsStaticAsset(e))
                    calls.Add((key, method, UrlOf(pattern), Access.Public, body, e.DisplayName));
                else
                    unlisted.Add(key);
            }
        }
        Assert.True(unlisted.Count == 0, "Endpoints without an entry in the authorization table:\n" + string.Join("\n", unlisted.Order()));
        var stale = Expected.Keys.Except(calls.Select(c => c.Key)).ToList();
        Assert.Equal(2, calls.Count(c => c.Key == "PAGE /reporting"));
        Assert.True(stale.Count == 0, "Table entries without an endpoint:\n" + string.Join("\n", stale));
        Assert.Contains(calls, c => c.Access == Access.Public && c.Key.Contains(".css", StringComparison.Ordinal));

        // Signing out ends a session, so it goes last.
        var failures = new List<string>();
        foreach (var call in calls.OrderBy(c => c.Key == "POST /account/logout"))
        {
            foreach (var caller in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Url);
                if (call.Method is "POST" or "PUT")
                {
                    request.Content = call.Body switch
                    {
                        "multipart" => new MultipartFormDataContent { { new StringContent("x"), "period" } },
                        "form" => new FormUrlEncodedContent([]),
                        _ => new StringContent("{}", Encoding.UTF8, "application/json"),
                    };
                }
                HttpResponseMessage response;
                try
                {
                    response = await clients[caller].SendAsync(request, TestContext.Current.CancellationToken);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
                {
                    failures.Add($"{call.Key} ({call.Name}) as {caller}: the request failed: {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}");
                    continue;
                }
                using var _ = response;
                // A server error is neither an allowance nor a refusal: every endpoint must answer every caller, even with the
                // placeholder ids and empty bodies used here. (On PostgreSQL a page renders once while its first query runs;
                // a render that fails then is a 500 that leaves the page's queries running after the request ends.)
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{call.Key} ({call.Name}) as {caller}: answered {(int)response.StatusCode}");
                    continue;
                }
                var allowed = !Denied(response);
                if (allowed != Allows(call.Access, caller, separated))
                    failures.Add($"{call.Key} ({call.Name}) as {caller}: expected {(Allows(call.Access, caller, separated) ? "allow" : "deny")}, got {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
