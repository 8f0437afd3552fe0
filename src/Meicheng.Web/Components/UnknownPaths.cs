namespace Meicheng.Web.Components;

public static class UnknownPaths
{
    /// <summary>
    /// Without this, the deny-by-default fallback policy meets a request no endpoint matched and sends the visitor to the
    /// sign-in page. Here it answers 404 before authorization; the status-code page then shows the Chinese "not found" page.
    /// </summary>
    public static IApplicationBuilder UseUnknownPathsNotFound(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context);
    });
}
