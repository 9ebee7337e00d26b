"""SSB's population projections (table 14288 and its like) → the input workbook's population sheet.

``codes`` holds SSB's names, symbols and cell formats; ``jsonstat`` reads JSON-stat 2.0 (the API),
``table_csv`` the table page's CSV export; ``prognosis`` sums one region's ages into the population
sheet's columns and writes the sheet.
"""
