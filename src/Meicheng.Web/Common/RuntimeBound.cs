namespace Meicheng.Web.Common;

/// <summary>
/// Endpoints whose request delegate is built at run time by ASP.NET Core's RequestDelegateFactory, as before the
/// compile-time generator (EnableRequestDelegateGenerator in Meicheng.Web.csproj) took over every other endpoint.
/// Passing the handler through here hides it from the generator (its RDG002 notice is silenced in the project file).
/// </summary>
/// <remarks>
/// The generator builds every other endpoint at compile time, so an app start no longer compiles hundreds of
/// expression trees on its first request. It differs from the run-time factory in two ways that matter here:
/// <list type="bullet">
/// <item>a form read on a request whose antiforgery check failed throws (a 500) instead of answering 400, so every
/// endpoint that binds a form, a file or a form collection stays at run time;</item>
/// <item>its OpenAPI metadata drops the names of form fields and marks a nullable query array required (the dashboard).</item>
/// </list>
/// </remarks>
public static class RuntimeBound
{
    public static Delegate Handler(Delegate handler) => handler;
}
