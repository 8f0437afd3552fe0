using Meicheng.Core.Plans;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Meicheng.Web.Data;

/// <summary>
/// Stores a Core plan enum as its plan-file word (<c>annual-rate</c>, <c>&gt;=</c>, <c>lead</c>…, see <see cref="PlanTokens"/>),
/// so entities carry the enum and nothing parses a string per request, while the column keeps the words a person can
/// read in the database and that the plan files use.
/// </summary>
public sealed class PlanTokenConverter<TEnum>() : ValueConverter<TEnum, string>(v => PlanTokens.ToToken(v), s => PlanTokens.Parse<TEnum>(s))
    where TEnum : struct, Enum;
