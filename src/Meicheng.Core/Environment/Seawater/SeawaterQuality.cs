namespace Meicheng.Core.Environment.Seawater;

/// <summary>A sample's single-factor seawater class.</summary>
/// <param name="Class">The worst class over the items.</param>
/// <param name="DecidingItems">The items at that class.</param>
/// <param name="Items">Every item's class.</param>
public sealed record SeaClassification(SeaClass Class, IReadOnlyList<SeaItem> DecidingItems, IReadOnlyDictionary<SeaItem, SeaClass> Items)
{
    /// <summary>Classes 1 and 2.</summary>
    public bool Good => Class.IsGood();
}

/// <summary>A coastal monitoring point with planar coordinates (e.g. km east and north of a reference).</summary>
/// <param name="Name">The point.</param>
/// <param name="X">East coordinate.</param>
/// <param name="Y">North coordinate.</param>
/// <param name="Values">Item values.</param>
public sealed record SeaPoint(string Name, double X, double Y, IReadOnlyDictionary<SeaItem, decimal> Values);

/// <summary>A sea-area grid cell: its centre and its area.</summary>
/// <param name="X">Centre, east.</param>
/// <param name="Y">Centre, north.</param>
/// <param name="Area">Area (any unit; shares are ratios).</param>
public sealed record SeaCell(double X, double Y, double Area);

/// <summary>The coastal good-water (优良) share, with the method that produced it.</summary>
/// <param name="Method">The method, always shown with the number.</param>
/// <param name="GoodShare">The share of points, or of area, in classes 1-2.</param>
/// <param name="AreaByClass">For the area method: area per class; for the point method: points per class.</param>
public sealed record CoastalShare(string Method, decimal GoodShare, IReadOnlyDictionary<SeaClass, double> AreaByClass);

/// <summary>GB 3097-1997 evaluation: single-factor classes and the coastal good-water share.</summary>
public static class SeawaterQuality
{
    /// <summary>The point-share method's name.</summary>
    public const string PointShareMethod = "point-share: monitoring points in classes 1-2 / points";

    /// <summary>The name of Meicheng's area-share method.</summary>
    public const string IdwAreaMethod =
        "area-share by IDW (Meicheng's documented method, not the official one): each item's concentration interpolated to every grid-cell centre by inverse-distance weighting (power 2, all points, planar distance; a cell on a point takes its value), the cell classified single-factor, good area / total area";

    /// <summary>The single-factor class of a sample.</summary>
    public static SeaClassification Classify(IReadOnlyDictionary<SeaItem, decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("no items", nameof(values));
        var items = values.ToDictionary(kv => kv.Key, kv => Gb3097.ClassOf(kv.Key, kv.Value));
        var worst = items.Values.Max();
        return new SeaClassification(worst, items.Where(kv => kv.Value == worst).Select(kv => kv.Key).Order().ToList(), items);
    }

    /// <summary>The share of points in classes 1-2.</summary>
    public static CoastalShare PointShare(IReadOnlyList<SeaPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
            throw new ArgumentException("no points", nameof(points));
        var classes = points.Select(p => Classify(p.Values).Class).ToList();
        var byClass = classes.GroupBy(c => c).ToDictionary(g => g.Key, g => (double)g.Count());
        return new CoastalShare(PointShareMethod, (decimal)classes.Count(c => c.IsGood()) / classes.Count, byClass);
    }

    /// <summary>The share of sea area in classes 1-2, by the method named in <see cref="IdwAreaMethod"/>.</summary>
    public static CoastalShare AreaShareIdw(IReadOnlyList<SeaPoint> points, IReadOnlyList<SeaCell> grid)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(grid);
        if (points.Count == 0 || grid.Count == 0)
            throw new ArgumentException("points and grid cells are needed");
        var items = points.SelectMany(p => p.Values.Keys).Distinct().ToList();
        var byClass = new Dictionary<SeaClass, double>();
        double total = 0, good = 0;
        foreach (var cell in grid)
        {
            var values = new Dictionary<SeaItem, decimal>();
            foreach (var item in items)
                values[item] = Idw(points, item, cell.X, cell.Y);
            var cls = Classify(values).Class;
            byClass[cls] = byClass.GetValueOrDefault(cls) + cell.Area;
            total += cell.Area;
            if (cls.IsGood())
                good += cell.Area;
        }
        return new CoastalShare(IdwAreaMethod, total == 0 ? 0 : (decimal)(good / total), byClass);
    }

    /// <summary>A rectangular grid of square cells over [minX, maxX] x [minY, maxY], keeping the cells whose centre is at sea.</summary>
    public static IReadOnlyList<SeaCell> Grid(double minX, double minY, double maxX, double maxY, double step, Func<double, double, bool>? atSea = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var cells = new List<SeaCell>();
        for (var x = minX + step / 2; x < maxX; x += step)
        {
            for (var y = minY + step / 2; y < maxY; y += step)
            {
                if (atSea is null || atSea(x, y))
                    cells.Add(new SeaCell(x, y, step * step));
            }
        }
        return cells;
    }

    private static decimal Idw(IReadOnlyList<SeaPoint> points, SeaItem item, double x, double y)
    {
        decimal weighted = 0, weights = 0;
        foreach (var p in points)
        {
            if (!p.Values.TryGetValue(item, out var v))
                continue;
            var d2 = (p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y);
            if (d2 < 1e-12)
                return v;
            var w = (decimal)(1 / d2);
            weighted += w * v;
            weights += w;
        }
        return weighted / weights;
    }
}
