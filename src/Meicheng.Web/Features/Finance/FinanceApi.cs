using Meicheng.Core.Finance;
using Meicheng.Web.Common;
using Meicheng.Web.Features.Accounts;
using Meicheng.Web.Features.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Meicheng.Web.Features.Finance;

/// <summary>
/// 金企通: financing needs, banks' intents, acceptance, loans and closing; the office's totals; the reported green-loan
/// balance. Staff and financial institutions read within their scope (FinanceScope); each handler maps a
/// <see cref="FinanceOperations"/> outcome to HTTP.
/// </summary>
public static class FinanceApi
{
    public static IServiceCollection AddFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FinanceOptions>(configuration.GetSection("Finance"));
        // The catalogue is reviewed data beside regions.json; a malformed file fails the first use loudly, not silently.
        services.AddSingleton(sp => GreenCatalogue.Parse(File.ReadAllText(Path.Combine(
            sp.GetRequiredService<IOptions<PlanFilesOptions>>().Value.ResolvedReferenceDirectory, "green-catalogue.json"))));
        services.AddScoped<FinanceOperations>();
        return services;
    }

    public static IEndpointRouteBuilder MapFinance(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/finance").WithTags("Finance").RequireAuthorization(Policies.Finance);
        api.MapGet("/catalogue", Catalogue).WithSummary("The green catalogue needs are published by (绿色债券支持项目目录（2021年版）, top and second level)");
        api.MapGet("/needs", List).WithSummary("Financing needs in the caller's scope (a bank: the open ones and its own), filtered by state, category, region, project, text q");
        api.MapGet("/needs/{id:int}", Get).WithSummary("One need with the intents and loan the caller may see");
        api.MapPost("/needs", Publish).RequireAuthorization(Policies.Report)
            .WithSummary("Publish a need for a library project (its owners) or a green enterprise (the plan office): amount 万元, term, purpose, category");
        api.MapPost("/needs/{id:int}/intents", Intent).RequireAuthorization(Policies.Bank).WithSummary("A bank expresses (or changes) its intent on an open need");
        api.MapPost("/needs/{id:int}/intents/{intentId:int}/accept", Accept).RequireAuthorization(Policies.Report)
            .WithSummary("The need's owner accepts one bank's intent: the need is matched (已对接)");
        api.MapPost("/needs/{id:int}/loans", Loan).RequireAuthorization(Policies.Bank)
            .WithSummary("The accepted bank records the loan granted (amount, rate, date, term, green-loan flag): the need is granted (已放款)");
        api.MapPost("/needs/{id:int}/close", Close).RequireAuthorization(Policies.Report).WithSummary("The need's owner closes an open or matched need, with a reason");
        api.MapGet("/totals", Totals).RequireAuthorization(Policies.ReadAll)
            .WithSummary("Matched and granted totals by green category, bank and district, beside the latest reported green-loan balance");
        api.MapGet("/green-loan-balance", Balances).RequireAuthorization(Policies.ReadAll).WithSummary("The green-loan balances recorded, newest first");
        api.MapPost("/green-loan-balance", RecordBalance)
            .WithSummary("Record the balance the central bank's city branch reported (亿元, as-of date, document): it feeds the 绿色贷款余额 targets for review (the office or the reporting institution)");
        return app;
    }

    private static GreenCategoryDto ToDto(GreenCategory c) => new(c.Code, c.Name, (c.Children ?? []).Select(ToDto).ToList());

    private static Ok<GreenCatalogueDto> Catalogue(GreenCatalogue catalogue) =>
        TypedResults.Ok(new GreenCatalogueDto(catalogue.Title, catalogue.Source, catalogue.Categories.Select(ToDto).ToList()));

    private static async Task<Ok<List<FinancingNeedDto>>> List([AsParameters] FinanceNeedFilter filter, FinanceOperations finance, CancellationToken ct) =>
        TypedResults.Ok(await finance.ListAsync(filter, ct));

    private static async Task<Results<Ok<FinancingNeedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Get(
        int id, FinanceOperations finance, CancellationToken ct) => (await finance.GetAsync(id, ct)).ToHttp(n => n);

    private static async Task<Results<Created<FinancingNeedDto>, Ok<FinancingNeedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Publish(
        FinancingNeedRequest request, FinanceOperations finance, CancellationToken ct) =>
        (await finance.PublishAsync(request, ct)).ToHttpCreated(n => n, n => $"/api/finance/needs/{n.Id}");

    private static async Task<Results<Created<FinancingNeedDto>, Ok<FinancingNeedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Intent(
        int id, FinanceIntentRequest request, FinanceOperations finance, CancellationToken ct) =>
        (await finance.ExpressIntentAsync(id, request, ct)).ToHttpCreated(n => n, n => $"/api/finance/needs/{n.Id}");

    private static async Task<Results<Ok<FinancingNeedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Accept(
        int id, int intentId, FinanceOperations finance, CancellationToken ct) => (await finance.AcceptAsync(id, intentId, ct)).ToHttp(n => n);

    private static async Task<Results<Created<FinancingNeedDto>, Ok<FinancingNeedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Loan(
        int id, FinanceLoanRequest request, FinanceOperations finance, CancellationToken ct) =>
        (await finance.RecordLoanAsync(id, request, ct)).ToHttpCreated(n => n, n => $"/api/finance/needs/{n.Id}");

    private static async Task<Results<Ok<FinancingNeedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Close(
        int id, CloseNeedRequest request, FinanceOperations finance, CancellationToken ct) => (await finance.CloseAsync(id, request, ct)).ToHttp(n => n);

    private static async Task<Results<Ok<FinanceTotalsDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> Totals(
        FinanceOperations finance, CancellationToken ct) => (await finance.TotalsAsync(ct)).ToHttp(t => t);

    private static async Task<Ok<List<GreenLoanBalanceDto>>> Balances(FinanceOperations finance, CancellationToken ct) =>
        TypedResults.Ok(await finance.BalancesAsync(ct));

    private static async Task<Results<Created<GreenLoanBalanceRecordedDto>, Ok<GreenLoanBalanceRecordedDto>, NotFound<ProblemDetails>, ForbidHttpResult, Conflict<ProblemDetails>, ValidationProblem>> RecordBalance(
        GreenLoanBalanceRequest request, FinanceOperations finance, CancellationToken ct) =>
        (await finance.RecordBalanceAsync(request, ct)).ToHttpCreated(b => b, _ => "/api/finance/green-loan-balance");
}
