using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Dashboard;
using Meicheng.Web.Features.Cases;
using Meicheng.Web.Features.CityCheck;
using Meicheng.Web.Features.Departments;
using Meicheng.Web.Features.Evaluation;
using Meicheng.Web.Features.Finance;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Health;
using Meicheng.Web.Features.OpenData;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Projects;
using Meicheng.Web.Features.Regions;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Reports;
using Meicheng.Web.Features.Search;
using Meicheng.Web.Features.Showcase;
using Meicheng.Web.Features.Survey;
using Meicheng.Web.Common;
using Scalar.AspNetCore;
using City = Meicheng.Web.Features.Regions.City;

var builder = WebApplication.CreateBuilder(DemoData.TakeDemoSwitch(args, out var demo));
if (demo)
    builder.Configuration["Demo:Enabled"] = "true";

builder.AddDatabase();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPlans(builder.Configuration);
builder.Services.AddAccounts(builder.Configuration, builder.Environment);
builder.Services.AddCurrentUser();
builder.Services.AddProxyHeaders(builder.Configuration);
builder.Services.AddReporting(builder.Configuration);
builder.Services.AddEvaluation(builder.Configuration);
builder.Services.AddCityCheck();
builder.Services.AddProjects(builder.Configuration);
builder.Services.AddFinance(builder.Configuration);
builder.Services.AddReports();
builder.Services.AddEnvironment(builder.Configuration);
builder.Services.AddShowcase();
builder.Services.AddSurvey(builder.Configuration);
builder.Services.AddCases(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddValidation();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, context, _) =>
{
    var city = context.ApplicationServices.GetRequiredService<City>();
    doc.Info.Title = "Meicheng 美城 API";
    doc.Info.Description = $"{city.Name}城市建设规划实施：规划、任务、目标、里程碑、区域与责任单位。";
    return Task.CompletedTask;
}));
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();
await app.Services.ImportPlansAsync();
await app.Services.BootstrapAccountsAsync();
await app.Services.LoadProjectDataAsync();
await app.Services.SeedDemoAsync();
await app.Services.SeedFinanceDemoAsync();
await app.Services.SeedStationsAsync();
await app.Services.ResumeAirImportsAsync();

// Behind the reverse proxy (Security:KnownProxies/KnownNetworks) the client's address and scheme come from its headers.
app.UseProxyHeaders(app.Configuration);
// Every response carries the security headers; HSTS once the app is served over HTTPS outside Development.
app.UseSecurityHeaders(app.Configuration);
if (!app.Environment.IsDevelopment())
    app.UseHsts();
// Each refused request (401/403) is audited, after the pipeline has answered it.
app.UseRefusalAudit();
if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);
// API callers get ProblemDetails for every error, thrown or not, never the HTML error page: this inner handler answers
// an /api exception before the page handler above sees it (which, re-executing, must stay on the app's own pipeline).
app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api =>
{
    api.UseExceptionHandler();
    api.UseStatusCodePages();
});
// People browsing get the Chinese "not found" page; API callers and form posts keep the bare status (a POST
// re-executed into the page would meet the page's antiforgery check and answer something else).
app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api") && HttpMethods.IsGet(ctx.Request.Method),
    web => web.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
// Routing after the status-code pages, so their re-executed request (/not-found) is routed to its page.
app.UseRouting();
// An address nothing answers is "not found" for everyone, signed in or not (not a sign-in page for the public).
app.UseUnknownPathsNotFound();
app.UseAuthentication();
// A person whose password is too old reaches only the change-password page until they change it.
app.UsePasswordExpiry();
// A browser's state change from another site is refused before any endpoint sees it (bearer tokens pass).
app.UseCrossSiteRefusal(app.Configuration);
app.UseAuthorization();
// After authentication, so the cache knows a signed-in request (never served from nor stored in it), and after
// authorization, so a cached response is only ever served where the endpoint allows the caller.
app.UseOutputCache();
app.UseRateLimiter();
app.UseAntiforgery();

// Deny by default (the fallback policy); what the public may read says so.
app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/api/docs", o => o.WithTitle("Meicheng 美城 API")).AllowAnonymous();
app.MapHealth();
app.MapPlans();
app.MapRegions();
app.MapDepartments();
app.MapSearch();
app.MapAccounts();
app.MapAdmin();
app.MapReporting();
app.MapEvaluation();
app.MapReports();
app.MapCityCheck();
app.MapProjects();
app.MapFinance();
app.MapDashboard();
app.MapEnvironment();
app.MapSurvey();
app.MapCases();
app.MapOpenData();
app.MapRazorComponents<App>();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
