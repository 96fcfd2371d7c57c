// The catalog's data shapes, derived from the API schemas (catalog.schemas.ts), so the HTTP contract,
// the CLI and the commands agree by construction.

import type { Static } from 'typebox';
import type * as S from './catalog.schemas.js';

export type ItemDto = Static<typeof S.Item>;
export type ItemUnitDto = Static<typeof S.ItemUnit>;
export type CreateItemInput = Static<typeof S.CreateItemBody>;
export type ItemPatch = Static<typeof S.UpdateItemBody>;
export type ItemFilter = Static<typeof S.ItemListQuery>;
export type ConversionDto = Static<typeof S.Conversion>;

export type LocationDto = Static<typeof S.Location>;
export type CreateLocationInput = Static<typeof S.CreateLocationBody>;
export type LocationPatch = Static<typeof S.UpdateLocationBody>;
export type LocationFilter = Static<typeof S.LocationListQuery>;

export interface LocationTreeDto {
  readonly code: string;
  readonly name: string;
  readonly kind: LocationDto['kind'];
  readonly walkSeq: number | null;
  readonly blocked: boolean;
  readonly active: boolean;
  readonly children: LocationTreeDto[];
}

export type SupplierDto = Static<typeof S.Supplier>;
export type CreateSupplierInput = Static<typeof S.CreateSupplierBody>;
export type SupplierPatch = Static<typeof S.UpdateSupplierBody>;
export type SupplierFilter = Static<typeof S.SupplierListQuery>;

export type LotDto = Static<typeof S.Lot>;
export type CreateLotInput = Static<typeof S.CreateLotBody>;
export type LotPatch = Static<typeof S.UpdateLotBody>;
export type LotFilter = Static<typeof S.LotListQuery>;

export type BomDto = Static<typeof S.Bom>;
export type BomComponentInput = Static<typeof S.BomComponentInput>;
export type CreateBomInput = Static<typeof S.CreateBomBody>;
export type BomPatch = Static<typeof S.UpdateBomBody>;
export type BomFilter = Static<typeof S.BomListQuery>;

export type UomDto = Static<typeof S.Uom>;
export type UomFilter = Static<typeof S.UomListQuery>;
