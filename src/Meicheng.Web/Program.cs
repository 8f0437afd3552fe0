using Meicheng.Web.Components;
using Meicheng.Web.Data;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Departments;
using Meicheng.Web.Features.Environment;
using Meicheng.Web.Features.Health;
using Meicheng.Web.Features.Plans;
using Meicheng.Web.Features.Regions;
using Meicheng.Web.Features.Reporting;
using Meicheng.Web.Features.Search;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPlans(builder.Configuration);
builder.Services.AddAccounts();
builder.Services.AddReporting(builder.Configuration);
builder.Services.AddEnvironment(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddValidation();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Meicheng 美城 API";
    doc.Info.Description = "青岛美丽城市与绿色城市建设规划：规划、任务、目标、里程碑、区域与责任单位。";
    return Task.CompletedTask;
}));
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.Services.MigrateDatabaseAsync();
await app.Services.ImportPlansAsync();
await app.Services.BootstrapAccountsAsync();
await app.Services.SeedStationsAsync();
await app.Services.ResumeAirImportsAsync();

if (!app.Environment.IsDevelopment())
    app.UseExceptionHandler("/error", createScopeForErrors: true);
// People get the Chinese "not found" page; API callers keep the bare status (a re-executed POST would meet the page's antiforgery check).
app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"),
    web => web.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseAuthentication();
app.UseAuthorization();
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
app.MapReporting();
app.MapEnvironment();
app.MapRazorComponents<App>();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
