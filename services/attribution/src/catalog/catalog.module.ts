import { Module } from '@nestjs/common';
import { CatalogCacheService } from './catalog-cache.service';

/** Offers and affiliate networks as the attribution rules need them, cached briefly. */
@Module({
  providers: [CatalogCacheService],
  exports: [CatalogCacheService],
})
export class CatalogModule {}
